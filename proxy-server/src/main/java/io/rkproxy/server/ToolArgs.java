package io.rkproxy.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of a subcommand: positional words, {@code --name value} options and {@code --name} flags, each
 * option at most once.
 */
final class ToolArgs {

    private final List<String> positionals = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private ToolArgs() {
    }

    static ToolArgs parse(List<String> args, Set<String> known, Set<String> knownFlags) throws UsageException {
        ToolArgs parsed = new ToolArgs();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                parsed.positionals.add(arg);
                continue;
            }
            if (knownFlags.contains(arg)) {
                parsed.flags.add(arg);
                continue;
            }
            if (!known.contains(arg)) {
                throw new UsageException("unknown option " + arg);
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                throw new UsageException(arg + " needs a value");
            }
            if (parsed.options.put(arg, args.get(++i)) != null) {
                throw new UsageException(arg + " given twice");
            }
        }
        return parsed;
    }

    String required(String option) throws UsageException {
        return optional(option).orElseThrow(() -> new UsageException(option + " is required"));
    }

    Optional<String> optional(String option) {
        return Optional.ofNullable(options.get(option));
    }

    boolean flag(String flag) {
        return flags.contains(flag);
    }

    /** The positional words, which must be exactly {@code names}. */
    List<String> positionals(String... names) throws UsageException {
        if (positionals.size() != names.length) {
            throw new UsageException(names.length == 0 ? "unexpected argument " + positionals.get(0)
                    : "expected " + String.join(" ", names) + ", got " + (positionals.isEmpty() ? "nothing"
                    : String.join(" ", positionals)));
        }
        return List.copyOf(positionals);
    }
}
