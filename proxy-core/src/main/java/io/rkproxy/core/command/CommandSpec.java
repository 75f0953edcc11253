package io.rkproxy.core.command;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the backend says about one command (one entry of Redis's {@code COMMAND} reply): arity, flags, ACL
 * categories, legacy key positions and subcommands. Names are lower case; a subcommand is named
 * {@code container|sub}, as Redis does.
 */
public record CommandSpec(
        String name,
        int arity,
        Set<String> flags,
        Set<String> categories,
        int firstKey,
        int lastKey,
        int keyStep,
        Map<String, CommandSpec> subcommands) {

    public CommandSpec {
        flags = Set.copyOf(flags);
        categories = Set.copyOf(categories);
        subcommands = Map.copyOf(subcommands);
    }

    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }

    /** Category without the leading {@code @}, e.g. {@code "admin"}. */
    public boolean inCategory(String category) {
        return categories.contains(category);
    }

    public boolean isWrite() {
        return hasFlag("write");
    }

    /** The subcommand spec by its bare lower-case name ({@code "get"} for {@code config|get}). */
    public Optional<CommandSpec> subcommand(String sub) {
        return Optional.ofNullable(subcommands.get(name + "|" + sub));
    }

    /** True when {@code argc} arguments (the name included) satisfy the arity. */
    public boolean acceptsArgCount(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }
}
