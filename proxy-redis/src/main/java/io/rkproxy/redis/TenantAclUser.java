package io.rkproxy.redis;

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
 * The backend ACL user that tenants' commands run as. A backend connection SELECTs the tenant's db as the pool's
 * user, then re-authenticates as this one, which may not SELECT, SWAPDB, MOVE, MIGRATE, FLUSHALL, publish or run
 * admin commands. The db stays selected, so neither a command nor a script can leave it.
 *
 * <p>Its password is derived from the pool's, so every proxy node provisions the same user; with no pool password
 * (an open backend) it has none either.
 */
final class TenantAclUser {

    /** Everything but what would leave the selected db or reach other tenants through server-wide state. */
    static final List<String> RULES = List.of("~*", "resetchannels", "+@all", "-@admin", "-select", "-swapdb",
            "-move", "-migrate", "-flushall", "-@pubsub", "-script|flush", "-script|kill", "-function|load",
            "-function|delete", "-function|flush", "-function|restore", "-function|kill");

    private final String name;
    private final Optional<String> password;

    private TenantAclUser(String name, Optional<String> password) {
        this.name = name;
        this.password = password;
    }

    static Optional<TenantAclUser> of(PoolConfig pool) {
        return pool.tenantAclUser().map(name -> new TenantAclUser(name,
                pool.password().map(p -> derive(name, p))));
    }

    /** {@code ACL SETUSER}, run with the pool's credentials; idempotent, so every node may run it. */
    RespCommand setUser() {
        List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", name, "reset", "on"));
        args.add(password.map(p -> ">" + p).orElse("nopass"));
        args.addAll(RULES);
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
