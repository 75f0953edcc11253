package io.rkproxy.core.command;

import io.rkproxy.core.resp.RespValue;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every command a backend knows, built from its {@code COMMAND} reply. Immutable. */
public final class CommandTable {

    private final Map<String, CommandSpec> commands;

    private CommandTable(Map<String, CommandSpec> commands) {
        this.commands = Map.copyOf(commands);
    }

    public static CommandTable of(Map<String, CommandSpec> commands) {
        return new CommandTable(commands);
    }

    /** Parses a {@code COMMAND} reply (Redis 6 and 7 layouts). */
    public static CommandTable fromCommandReply(RespValue reply) {
        Map<String, CommandSpec> specs = new HashMap<>();
        for (RespValue entry : reply.items()) {
            CommandSpec spec = parseEntry(entry);
            specs.put(spec.name(), spec);
        }
        return new CommandTable(specs);
    }

    /** Looks a command up by its lower-case name. */
    public Optional<CommandSpec> get(String lowerCaseName) {
        return Optional.ofNullable(commands.get(lowerCaseName));
    }

    /** Looks a command up by its lower-case name on the hot path; null when unknown. */
    public CommandSpec find(String lowerCaseName) {
        return commands.get(lowerCaseName);
    }

    /** Every top-level command name, lower case. */
    public java.util.Set<String> names() {
        return commands.keySet();
    }

    public int size() {
        return commands.size();
    }

    private static CommandSpec parseEntry(RespValue entry) {
        List<RespValue> f = entry.items();
        String name = f.get(0).asText().toLowerCase(Locale.ROOT);
        int arity = (int) f.get(1).asLong();
        Set<String> flags = texts(f.get(2));
        int first = (int) f.get(3).asLong();
        int last = (int) f.get(4).asLong();
        int step = (int) f.get(5).asLong();
        long categories = f.size() > 6 ? AclCategory.mask(texts(f.get(6))) : 0;
        List<KeySpec> keySpecs = new java.util.ArrayList<>();
        if (f.size() > 8) {
            for (RespValue spec : f.get(8).items()) {
                KeySpec parsed = KeySpec.parse(spec);
                if (parsed != null) {
                    keySpecs.add(parsed);
                }
            }
        }
        Map<String, CommandSpec> subs = new HashMap<>();
        if (f.size() > 9) {
            for (RespValue sub : f.get(9).items()) {
                CommandSpec spec = parseEntry(sub);
                subs.put(spec.name(), spec);
            }
        }
        return new CommandSpec(name, arity, flags, categories, first, last, step, keySpecs, subs);
    }

    private static Set<String> texts(RespValue array) {
        Set<String> out = new HashSet<>();
        for (RespValue v : array.items()) {
            out.add(v.asText().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
