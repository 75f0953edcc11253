package io.rkproxy.server;

import java.util.List;
import java.util.Set;

/**
 * A command or subcommand of the backend, as a probe sends it: the words that name it ({@code CLIENT KILL}), its
 * group and arguments from {@code COMMAND DOCS}, and its flags from {@code COMMAND INFO}.
 */
record ProbedCommand(String name, List<String> words, String group, List<CommandArgument> arguments,
                     Set<String> flags) {

    /** Redis refuses a {@code noscript} command inside a script before it looks at the arguments. */
    boolean runsInScripts() {
        return !flags.contains("noscript");
    }

    /** The option words of this command ({@code DB}, {@code MATCH}, ...), in order of appearance. */
    List<String> tokens() {
        return tokens(arguments).stream().distinct().toList();
    }

    private static List<String> tokens(List<CommandArgument> arguments) {
        return arguments.stream().flatMap(a -> {
            List<String> own = a.hasToken() ? List.of(a.token()) : List.of();
            return java.util.stream.Stream.concat(own.stream(), tokens(a.children()).stream());
        }).toList();
    }
}
