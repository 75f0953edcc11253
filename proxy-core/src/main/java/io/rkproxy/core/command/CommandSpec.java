package io.rkproxy.core.command;

import io.rkproxy.core.resp.RespCommand;
import java.util.List;
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
        List<KeySpec> keySpecs,
        Map<String, CommandSpec> subcommands) {

    public CommandSpec {
        keySpecs = List.copyOf(keySpecs);
        flags = Set.copyOf(flags);
        subcommands = Map.copyOf(subcommands);
    }

    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }

    public boolean inCategory(AclCategory category) {
        return (categories & category.bit()) != 0;
    }

    /** True when the command is in at least one of the categories of {@code mask}, or the mask is {@code @all}. */
    public boolean inAnyCategory(long mask) {
        return mask == AclCategory.ALL || (categories & mask) != 0;
    }

    public boolean isWrite() {
        return hasFlag("write");
    }

    /**
     * A read that may run a second time when its first reply was lost with its connection: read-only, and neither
     * blocking nor a script (whose time limit would then count twice).
     */
    public boolean isRepeatableRead() {
        return hasFlag("readonly") && !inCategory(AclCategory.BLOCKING) && !inCategory(AclCategory.SCRIPTING);
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

    /**
     * The argument indexes of the keys in {@code command}, in argument order and without repeats, as the
     * backend's key specs find them; a command without key specs (Redis 6) falls back to first/last/step.
     */
    public int[] keyIndexes(RespCommand command) {
        if (keySpecs.size() == 1) {
            // One spec finds its keys in ascending order without repeats: the common case needs no set.
            int[] keys = new int[command.argCount()];
            int[] n = {0};
            keySpecs.get(0).forEachKey(command, i -> keys[n[0]++] = i);
            return java.util.Arrays.copyOf(keys, n[0]);
        }
        java.util.TreeSet<Integer> found = new java.util.TreeSet<>();
        if (!keySpecs.isEmpty()) {
            keySpecs.forEach(spec -> spec.forEachKey(command, found::add));
        } else if (firstKey > 0) {
            int last = lastKey >= 0 ? lastKey : command.argCount() + lastKey;
            for (int i = firstKey; i <= last && i < command.argCount(); i += Math.max(1, keyStep)) {
                found.add(i);
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    /** True when {@code argc} arguments (the name included) satisfy the arity. */
    public boolean acceptsArgCount(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }
}
