package io.rkproxy.core.command;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a tenant may send a command to its standalone pool. The backend's metadata says what a command
 * does (write flag, ACL categories); this small table adds what a shared proxy must keep to itself.
 */
public final class AccessPolicy {

    /** Server-wide commands no tenant gets, whatever the backend's categories say. */
    static final Set<String> SERVER_COMMANDS = Set.of(
            "flushall", "config", "debug", "shutdown", "replicaof", "slaveof", "save", "bgsave", "bgrewriteaof",
            "acl", "module", "monitor", "cluster", "failover", "sync", "psync", "replconf", "slowlog", "latency",
            "lastsave", "role", "swapdb", "move", "migrate", "pfdebug", "pfselftest", "memory");

    /** Subcommands of otherwise refused containers that only read the tenant's own keys. */
    static final Set<String> OWN_DATA_SUBCOMMANDS = Set.of("memory|usage");

    /**
     * Commands that need a connection of their own (blocking, transactions, pub/sub, scripts that may SELECT), and
     * why the multiplexed connection cannot carry them.
     */
    static final long STATEFUL_CATEGORIES = AclCategory.mask(AclCategory.BLOCKING, AclCategory.TRANSACTION,
            AclCategory.PUBSUB, AclCategory.SCRIPTING);

    /** Commands that wait on the connection without being in the blocking category. */
    static final Set<String> STATEFUL_COMMANDS = Set.of("wait", "waitaof");

    private AccessPolicy() {
    }

    /** An error to reply with, or empty when the tenant may run the command. */
    public static Optional<String> check(TenantConfig tenant, CommandSpec spec, RespCommand command) {
        CommandSpec effective = effectiveSpec(spec, command);
        String name = effective.name();
        if (SERVER_COMMANDS.contains(spec.name()) && !OWN_DATA_SUBCOMMANDS.contains(name)
                || effective.inCategory(AclCategory.ADMIN)) {
            return Optional.of(RespErrors.noPermission(name));
        }
        if (isStateful(effective, command)) {
            return Optional.of(RespErrors.notSupported(spec.name(),
                    "it needs a dedicated backend connection (blocking, MULTI, pub/sub, scripts)"));
        }
        if (tenant.readOnly() && effective.isWrite()) {
            return Optional.of(RespErrors.noPermission(name));
        }
        return Optional.empty();
    }

    private static boolean isStateful(CommandSpec spec, RespCommand command) {
        if (spec.name().equals("xread")) {
            return hasBlockOption(command, 1);
        }
        if (spec.name().equals("xreadgroup")) {
            return hasBlockOption(command, 4);
        }
        return spec.inAnyCategory(STATEFUL_CATEGORIES) || STATEFUL_COMMANDS.contains(spec.name());
    }

    /**
     * Walks XREAD's options ({@code COUNT n}, {@code BLOCK ms}, {@code NOACK}) up to STREAMS, starting after the
     * command name and, for XREADGROUP, after {@code GROUP group consumer}: names and counts are never options.
     */
    private static boolean hasBlockOption(RespCommand command, int firstOption) {
        int i = firstOption;
        while (i < command.argCount()) {
            if (command.argEqualsIgnoreCase(i, "block")) {
                return true;
            }
            if (command.argEqualsIgnoreCase(i, "count")) {
                i += 2;
            } else if (command.argEqualsIgnoreCase(i, "noack")) {
                i += 1;
            } else {
                return false;
            }
        }
        return false;
    }

    /** The subcommand's spec for a container command, else the command's own. */
    static CommandSpec effectiveSpec(CommandSpec spec, RespCommand command) {
        if (spec.subcommands().isEmpty() || command.argCount() < 2) {
            return spec;
        }
        return spec.subcommand(command.argString(1).toLowerCase(Locale.ROOT)).orElse(spec);
    }
}
