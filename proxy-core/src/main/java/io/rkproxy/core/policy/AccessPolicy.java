package io.rkproxy.core.policy;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.command.AclCategory;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.config.CommandRules;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import java.util.Map;
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

    /** Subcommands of otherwise refused containers that only read the tenant's own keys, or a help text. */
    static final Set<String> OWN_DATA_SUBCOMMANDS = Set.of("memory|usage", "memory|help");

    /**
     * What the tenant of a dedicated pool, which has the backend to itself, may run of {@link #SERVER_COMMANDS}: the
     * proxy sends it as the pool's user (DEBUG is still the backend's to refuse).
     */
    static final Set<String> DEDICATED_POOL_COMMANDS = Set.of("debug", "memory");

    private static final String DEDICATED_ONLY = "; only the tenant of a dedicated pool (dedicated: true) may run it";

    /**
     * Script and function administration no tenant of a shared pool gets, and why. (FUNCTION LOAD, DELETE, FLUSH,
     * LIST and STATS act on the tenant's own libraries, SCRIPT FLUSH forgets its own scripts; SCRIPT KILL and
     * FUNCTION KILL the proxy runs itself: they stop only a script past the pool's time limit.)
     */
    static final Map<String, String> SCRIPT_ADMINISTRATION = Map.of(
            "script|debug", ": the debugger would take over a backend connection that other sessions share",
            "function|dump", ": its payload would hold every tenant's libraries" + DEDICATED_ONLY,
            "function|restore", ": the payload's libraries would be loaded under the names they were dumped with,"
                    + " outside the tenant's namespace" + DEDICATED_ONLY);

    /** What the tenant of a dedicated pool still may not run: the debugger, as on a shared pool. */
    static final Set<String> DEDICATED_SCRIPT_ADMINISTRATION = Set.of("script|debug");

    /** Scripts that may write; a read-only tenant gets only their _RO forms. */
    static final Set<String> WRITING_SCRIPTS = Set.of("eval", "evalsha", "fcall");

    private AccessPolicy() {
    }

    /**
     * An error to reply with, or empty when the tenant may run the command.
     *
     * @param confinedToDb  whether the backend itself keeps the tenant's commands in its db (a backend ACL user
     *                      without SELECT); scripts are allowed only then, since a script may otherwise SELECT
     * @param dedicatedPool whether the tenant's pool serves it alone ({@code dedicated: true})
     */
    public static Optional<String> check(TenantConfig tenant, CommandSpec spec, RespCommand command,
                                         boolean confinedToDb, boolean dedicatedPool) {
        CommandSpec effective = spec.resolve(command);
        String name = effective.name();
        if ((SERVER_COMMANDS.contains(spec.name()) && !OWN_DATA_SUBCOMMANDS.contains(name)
                || effective.inCategory(AclCategory.ADMIN))
                && !(dedicatedPool && DEDICATED_POOL_COMMANDS.contains(spec.name()))) {
            return Optional.of(RespErrors.noPermission(name));
        }
        if (effective.inCategory(AclCategory.SCRIPTING)) {
            if (dedicatedPool ? DEDICATED_SCRIPT_ADMINISTRATION.contains(name)
                    : SCRIPT_ADMINISTRATION.containsKey(name)) {
                return Optional.of(RespErrors.noPermission(name) + SCRIPT_ADMINISTRATION.get(name));
            }
            if (!confinedToDb) {
                return Optional.of(RespErrors.notSupported(spec.name(), "scripts need the pool's tenant ACL user"
                        + " (tenant-acl-user), which the backend did not accept"));
            }
            if (tenant.readOnly() && WRITING_SCRIPTS.contains(name)) {
                return Optional.of(RespErrors.noPermission(name));
            }
        }
        if (tenant.readOnly() && effective.isWrite() || !permittedByRules(tenant.commands(), spec, effective)) {
            return Optional.of(RespErrors.noPermission(name));
        }
        return Optional.empty();
    }

    /**
     * Whether COMMAND shows this command to the tenant: what it could run at all, judged on the command alone (a
     * container is shown when the container itself is not refused).
     */
    public static boolean visible(TenantConfig tenant, CommandSpec spec) {
        return !SERVER_COMMANDS.contains(spec.name()) && !spec.inCategory(AclCategory.ADMIN)
                && !(tenant.readOnly() && spec.isWrite())
                && permittedByRules(tenant.commands(), spec, spec);
    }

    /** Only the tenant's own allow and deny lists, for commands the proxy answers itself. */
    public static Optional<String> checkRules(TenantConfig tenant, CommandSpec spec, RespCommand command) {
        CommandSpec effective = spec.resolve(command);
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
}
