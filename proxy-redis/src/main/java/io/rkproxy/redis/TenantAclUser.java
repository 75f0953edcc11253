package io.rkproxy.redis;

import io.rkproxy.core.command.GlobPattern;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The backend ACL user that tenants' commands run as. On a standalone Redis a backend connection SELECTs the
 * tenant's db as the pool's user, then re-authenticates as this one, which may not SELECT, SWAPDB, MOVE, MIGRATE,
 * FLUSHALL, publish or run admin commands. The db stays selected, so neither a command nor a script can leave it.
 * On a cluster each tenant has a user of its own whose keys are limited to its key prefix, so neither can a script
 * there reach another tenant's keys.
 *
 * <p>Its password is derived from the pool's, so every proxy node provisions the same user; with no pool password
 * (an open backend) it has none either.
 */
public final class TenantAclUser {

    /**
     * Everything but what would leave the selected db or reach other tenants through server-wide state: INFO and
     * MEMORY describe every db and every client, and FUNCTION STATS the function another tenant runs, so a script
     * must not call them either (MEMORY USAGE reads one key).
     */
    static final List<String> RULES = List.of("resetchannels", "+@all", "-@admin", "-select", "-swapdb",
            "-move", "-migrate", "-flushall", "-@pubsub", "-script|flush", "-script|kill", "-function|load",
            "-function|delete", "-function|flush", "-function|restore", "-function|kill", "-cluster", "-info",
            "-memory", "+memory|usage", "+memory|help", "-function|stats");

    /**
     * On a standalone Redis, COPY's DB option writes into any db, and an ACL cannot refuse one option. So the
     * tenant user may not COPY at all: the proxy runs a client's COPY, with its DB option checked, as the pool's
     * user ({@link RedisConnector#sendAsPoolUser}), and a script cannot COPY.
     */
    static final List<String> DB_CONFINED_RULES = List.of("-copy");

    /**
     * What a tenant that shares a cluster's keyspace may not run itself, not even from a script: commands that
     * list, count or delete keys whatever their names, which the proxy answers for the tenant, narrowed to its
     * prefix, over the pool's own connections; and GEORADIUS and GEORADIUSBYMEMBER, whose last STORE older Redis
     * does not check against the key patterns, which the proxy sends as GEOSEARCHSTORE or their _RO forms.
     */
    static final List<String> SHARED_KEYSPACE_RULES = List.of("-keys", "-scan", "-randomkey", "-dbsize",
            "-flushdb", "-georadius", "-georadiusbymember");

    private final String name;
    private final Optional<String> password;
    private final String keyPattern;
    private final List<String> extraRules;

    private TenantAclUser(String name, Optional<String> password, String keyPattern, List<String> extraRules) {
        this.name = name;
        this.password = password;
        this.keyPattern = keyPattern;
        this.extraRules = extraRules;
    }

    /** The user every tenant of a standalone pool runs as: its db, not its user, keeps it apart. */
    static Optional<TenantAclUser> of(PoolConfig pool) {
        return pool.tenantAclUser().map(name -> new TenantAclUser(name,
                pool.password().map(p -> derive(name, p)), "~*", DB_CONFINED_RULES));
    }

    /** A cluster tenant's own user, named {@code <tenant-acl-user>-<tenant>}, that may touch only its keys. */
    public static Optional<TenantAclUser> forKeyPrefix(PoolConfig pool, String tenant, String keyPrefix) {
        return pool.tenantAclUser().map(base -> base + "-" + tenant).map(name -> new TenantAclUser(name,
                pool.password().map(p -> derive(name, p)), "~" + GlobPattern.escape(keyPrefix) + "*",
                keyPrefix.isEmpty() ? List.of() : SHARED_KEYSPACE_RULES));
    }

    /** {@code ACL SETUSER}, run with the pool's credentials; idempotent, so every node may run it. */
    RespCommand setUser() {
        List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", name, "reset", "on"));
        args.add(password.map(p -> ">" + p).orElse("nopass"));
        args.add(keyPattern);
        args.addAll(RULES);
        args.addAll(extraRules);
        return RespCommand.of(args.toArray(String[]::new));
    }

    RespCommand auth() {
        return RespCommand.of("AUTH", name, password.orElse("nopass"));
    }

    private static String derive(String user, String poolPassword) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("rkproxy-tenant-acl-user:" + user + ":" + poolPassword).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
