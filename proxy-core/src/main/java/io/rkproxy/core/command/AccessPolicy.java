package io.rkproxy.core.command;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.config.CommandRules;
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
     * Categories whose state lives outside the tenant's db on a standalone backend: pub/sub channels and the
     * script cache and function libraries are server-wide, and a script may SELECT another db.
     */
    static final long SERVER_WIDE_STATE = AclCategory.mask(AclCategory.PUBSUB, AclCategory.SCRIPTING);

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
        if (effective.inAnyCategory(SERVER_WIDE_STATE)) {
            return Optional.of(RespErrors.notSupported(spec.name(),
                    "pub/sub and scripts are not isolated per tenant yet"));
        }
        if (tenant.readOnly() && effective.isWrite() || !permittedByRules(tenant.commands(), spec, effective)) {
            return Optional.of(RespErrors.noPermission(name));
        }
        return Optional.empty();
    }

    /** Only the tenant's own allow and deny lists, for commands the proxy answers itself. */
    public static Optional<String> checkRules(TenantConfig tenant, CommandSpec spec, RespCommand command) {
        CommandSpec effective = effectiveSpec(spec, command);
        return permittedByRules(tenant.commands(), spec, effective)
                ? Optional.empty() : Optional.of(RespErrors.noPermission(effective.name()));
    }

    /** The tenant's own allow and deny lists; a name matches the command or, for a subcommand, its container. */
    static boolean permittedByRules(CommandRules rules, CommandSpec command, CommandSpec effective) {
        if (rules.denyNames().contains(effective.name()) || rules.denyNames().contains(command.name())
                || effective.inAnyCategory(rules.denyCategories())) {
            return false;
        }
        return !rules.hasAllowList()
                || rules.allowNames().contains(effective.name()) || rules.allowNames().contains(command.name())
                || effective.inAnyCategory(rules.allowCategories());
    }

    /** The subcommand's spec for a container command, else the command's own. */
    static CommandSpec effectiveSpec(CommandSpec spec, RespCommand command) {
        if (spec.subcommands().isEmpty() || command.argCount() < 2) {
            return spec;
        }
        return spec.subcommand(command.argString(1).toLowerCase(Locale.ROOT)).orElse(spec);
    }
}
