package io.rkproxy.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The forms a probe sends for a command, generated from its {@code COMMAND DOCS} argument tree:
 * <ul>
 *   <li>the required arguments alone, then with each optional argument, then with every one;</li>
 *   <li>each alternative of each {@code oneof};</li>
 *   <li>each repeatable option (a {@code multiple} argument, or an optional one with a token) twice: a harmless
 *       value, then the malicious one, and the other way round, since a parser may check only the first or only the
 *       last while Redis uses the other;</li>
 * </ul>
 * each first with the most pointed malicious value of every argument ({@link AttackValues}), then with each other
 * malicious value of one kind of argument at a time, the rest still pointed at the victim. An integer named
 * {@code numkeys} counts the keys that follow it.
 */
final class CommandFormGenerator {

    private final AttackValues values;
    private int nextId;

    CommandFormGenerator(AttackValues values) {
        this.values = values;
    }

    List<CommandForm> forms(ProbedCommand command) {
        Set<List<String>> unique = new LinkedHashSet<>();
        for (Shape shape : shapes(command)) {
            Rendering pointed = new Rendering(command, shape, Map.of());
            unique.add(pointed.render());
            pointed.kinds.forEach((kind, count) -> {
                for (int i = 1; i < count; i++) {
                    unique.add(new Rendering(command, shape, Map.of(kind, i)).render());
                }
            });
        }
        List<CommandForm> forms = new ArrayList<>();
        for (List<String> args : unique) {
            int id = nextId++;
            forms.add(new CommandForm(id, command,
                    args.stream().map(a -> a.replace(AttackValues.FORM_ID, Integer.toString(id))).toList()));
        }
        return forms;
    }

    /** Which optional arguments are given, which alternative of each oneof, and which option comes twice. */
    private record Shape(Set<CommandArgument> present, Map<CommandArgument, Integer> alternatives,
                         CommandArgument doubled, boolean maliciousFirst) {

        boolean isPresent(CommandArgument argument) {
            return !argument.optional() || present.contains(argument);
        }

        int alternative(CommandArgument oneOf) {
            return alternatives.getOrDefault(oneOf, 0);
        }
    }

    /** An argument and the arguments that hold it, outermost first. */
    private record Node(CommandArgument argument, List<CommandArgument> holders) {
    }

    private static List<Shape> shapes(ProbedCommand command) {
        List<Node> nodes = new ArrayList<>();
        collect(command.arguments(), List.of(), nodes);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(shape(List.of(), null, false));
        for (Node node : nodes) {
            if (node.argument().optional()) {
                shapes.add(shape(List.of(node), null, false));
            }
            if (node.argument().isOneOf()) {
                for (CommandArgument alternative : node.argument().children()) {
                    shapes.add(shape(List.of(new Node(alternative, with(node))), null, false));
                }
            }
        }
        shapes.add(shape(nodes.stream().filter(n -> n.argument().optional()).toList(), null, false));
        for (Node node : nodes) {
            if (node.argument().isRepeatable()) {
                shapes.add(shape(List.of(node), node.argument(), false));
                shapes.add(shape(List.of(node), node.argument(), true));
            }
        }
        return shapes;
    }

    private static List<CommandArgument> with(Node node) {
        List<CommandArgument> holders = new ArrayList<>(node.holders());
        holders.add(node.argument());
        return holders;
    }

    private static void collect(List<CommandArgument> arguments, List<CommandArgument> holders, List<Node> out) {
        for (CommandArgument argument : arguments) {
            Node node = new Node(argument, holders);
            out.add(node);
            collect(argument.children(), with(node), out);
        }
    }

    /** A shape that reaches each target: it and its holders present, each oneof on the way set to the way there. */
    private static Shape shape(List<Node> targets, CommandArgument doubled, boolean maliciousFirst) {
        Set<CommandArgument> present = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<CommandArgument, Integer> alternatives = new IdentityHashMap<>();
        for (Node target : targets) {
            List<CommandArgument> path = new ArrayList<>(target.holders());
            path.add(target.argument());
            for (int i = 0; i < path.size(); i++) {
                present.add(path.get(i));
                if (path.get(i).isOneOf() && i + 1 < path.size()) {
                    alternatives.put(path.get(i), indexOf(path.get(i).children(), path.get(i + 1)));
                }
            }
        }
        return new Shape(present, alternatives, doubled, maliciousFirst);
    }

    private static int indexOf(List<CommandArgument> children, CommandArgument child) {
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) == child) {
                return i;
            }
        }
        throw new IllegalArgumentException(child.name() + " is not an alternative here");
    }

    private static boolean holds(CommandArgument argument, CommandArgument inner) {
        return argument.children().stream().anyMatch(c -> c == inner || holds(c, inner));
    }

    /** One shape with, for each kind of argument, which of its malicious values (the first unless chosen). */
    private final class Rendering {

        private final ProbedCommand command;
        private final Shape shape;
        private final Map<String, Integer> chosen;
        private final List<String> out = new ArrayList<>();
        /** The kinds of the arguments rendered, with how many malicious values each has. */
        private final Map<String, Integer> kinds = new LinkedHashMap<>();

        Rendering(ProbedCommand command, Shape shape, Map<String, Integer> chosen) {
            this.command = command;
            this.shape = shape;
            this.chosen = chosen;
        }

        List<String> render() {
            out.addAll(command.words());
            siblings(command.arguments(), false);
            return out;
        }

        /**
         * Renders arguments in order. In a shape with an option twice, every argument but that option is the
         * attacker's own, so the form tests the repetition alone.
         */
        private void siblings(List<CommandArgument> arguments, boolean harmless) {
            // options of a block that repeats together (XREAD's STREAMS key... id...) come twice together
            boolean blockDoubled = arguments.stream().anyMatch(a -> a == shape.doubled() && a.multiple());
            int numkeys = -1;
            for (CommandArgument argument : arguments) {
                if (!shape.isPresent(argument)) {
                    continue;
                }
                if (argument.name().equals("numkeys") && argument.type().equals("integer")) {
                    numkeys = out.size();
                    out.add("0");
                    continue;
                }
                boolean doubled = argument == shape.doubled() || blockDoubled && argument.multiple();
                boolean bystander = shape.doubled() != null && !doubled && !holds(argument, shape.doubled());
                int repeats = doubled ? 2 : 1;
                for (int i = 0; i < repeats; i++) {
                    boolean harmlessOne = harmless || bystander || doubled && (i == 0) != shape.maliciousFirst();
                    if (argument.hasToken() && (i == 0 || !argument.multiple() || argument.multipleToken())) {
                        out.add(argument.token());
                    }
                    value(argument, harmlessOne);
                }
                if (numkeys >= 0 && argument.holdsKey()) {
                    out.set(numkeys, Integer.toString(repeats));
                    numkeys = -1;
                }
            }
        }

        private void value(CommandArgument argument, boolean harmless) {
            if (argument.isPureToken()) {
                return;
            }
            if (argument.isOneOf()) {
                CommandArgument chosen = argument.children().get(shape.alternative(argument));
                if (chosen.hasToken()) {
                    out.add(chosen.token());
                }
                value(chosen, harmless);
            } else if (argument.isBlock()) {
                siblings(argument.children(), harmless);
            } else {
                ArgumentValues choices = values.of(command, argument);
                kinds.merge(choices.kind(), choices.malicious().size(), Math::max);
                int index = Math.min(chosen.getOrDefault(choices.kind(), 0), choices.malicious().size() - 1);
                out.add(harmless ? choices.harmless() : choices.malicious().get(index));
            }
        }
    }
}
