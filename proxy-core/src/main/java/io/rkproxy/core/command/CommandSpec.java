package io.rkproxy.core.command;

import io.rkproxy.core.resp.RespCommand;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the backend says about one command (one entry of Redis's {@code COMMAND} reply): arity, flags, ACL
 * categories (as {@link AclCategory} bits), legacy key positions and subcommands. Names are lower case; a subcommand is named
 * {@code container|sub}, as Redis does.
 */
public record CommandSpec(
        String name,
        int arity,
        Set<String> flags,
        long categories,
        int firstKey,
        int lastKey,
        int keyStep,
        Map<String, CommandSpec> subcommands) {

    public CommandSpec {
        flags = Set.copyOf(flags);
        subcommands = Map.copyOf(subcommands);
    }

    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }

    public boolean inCategory(AclCategory category) {
        return (categories & category.bit()) != 0;
    }

    /** True when the command is in at least one of the categories of {@code mask}. */
    public boolean inAnyCategory(long mask) {
        return (categories & mask) != 0;
    }

    public boolean isWrite() {
        return hasFlag("write");
    }

    /** The subcommand spec by its bare lower-case name ({@code "get"} for {@code config|get}). */
    public Optional<CommandSpec> subcommand(String sub) {
        return Optional.ofNullable(subcommands.get(name + "|" + sub));
    }

    /** The subcommand's spec when this is a container and the command names a known subcommand, else this. */
    public CommandSpec resolve(RespCommand command) {
        if (subcommands.isEmpty() || command.argCount() < 2) {
            return this;
        }
        return subcommand(command.argString(1).toLowerCase(Locale.ROOT)).orElse(this);
    }

    /** True when {@code argc} arguments (the name included) satisfy the arity. */
    public boolean acceptsArgCount(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }
}
