package io.rkproxy.core.runtime;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.config.PasswordHash;
import io.rkproxy.core.config.ServerConfig;
import io.rkproxy.core.config.TenantConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks credentials against the current snapshot, and slows down the guessing of passwords. Thread-safe: shared by
 * every event loop.
 *
 * <p>{@code AUTH <password>} and {@code AUTH default <password>} find the tenant by its password (clients that only
 * know a password send the user {@code default}); {@code AUTH <tenant> <password>} checks that tenant's passwords.
 * A tenant being rotated has more than one, and any of them lets a client in.
 *
 * <p>Failures count per client address and the tenant the AUTH named ({@link AuthFailures}), so one tenant's
 * failures never slow another's logins from behind the same NAT; an AUTH that names no tenant can only be put down
 * to its address. Past {@code auth-max-failures}, an AUTH of the same address and tenant (or of the same address
 * naming none) waits {@code auth-failure-delay-ms} before its password is checked, right or wrong: guessing slows
 * down, and a right password still gets in, late by that much and no more.
 */
public final class Authenticator {

    private final Duration delay;
    private final AuthFailures failures;

    public Authenticator(ServerConfig server, Ticker ticker) {
        this.delay = server.authFailureDelay();
        this.failures = new AuthFailures(server, ticker);
    }

    /**
     * The outcome of one AUTH attempt: a tenant and the password it was let in with (null when the open default
     * tenant let it in without one), or the error to reply with.
     */
    public record Result(Optional<TenantConfig> tenant, PasswordHash password, String error) {

        static Result ok(TenantConfig tenant, PasswordHash password) {
            return new Result(Optional.of(tenant), password, null);
        }

        static Result refused(String error) {
            return new Result(Optional.empty(), null, error);
        }
    }

    /** How long an AUTH naming {@code username} from {@code from} (null when unknown) waits before it is checked. */
    public Duration delay(ProxySnapshot snapshot, Optional<String> username, InetAddress from) {
        if (from == null || delay.isZero() || !failures.pastLimit(from, namedTenant(snapshot, username))) {
            return Duration.ZERO;
        }
        failures.delayed();
        return delay;
    }

    /** Checks an AUTH from {@code from}, a {@link ClientAddress} or null when unknown. */
    public Result authenticate(ProxySnapshot snapshot, Optional<String> username, byte[] password,
                               InetAddress from) {
        PasswordHash offered = PasswordHash.ofPlain(password);
        Optional<TenantConfig> holder = namesNoTenant(username) ? snapshot.tenantByPassword(offered)
                : snapshot.tenant(username.get()).filter(t -> t.credentials().contains(offered));
        if (holder.isPresent()) {
            return Result.ok(holder.get(), offered);
        }
        Optional<TenantConfig> open = namesNoTenant(username) ? snapshot.config().openDefaultTenant()
                : Optional.empty();
        if (open.isPresent()) {
            return Result.ok(open.get(), null);
        }
        failures.failed(from, namedTenant(snapshot, username));
        return Result.refused(RespErrors.WRONGPASS);
    }

    public AuthFailures failures() {
        return failures;
    }

    /** The tenant an AUTH names, or null when it names none: a password alone, {@code default}, an unknown name. */
    private static String namedTenant(ProxySnapshot snapshot, Optional<String> username) {
        return namesNoTenant(username) ? null : snapshot.tenant(username.get()).map(TenantConfig::name).orElse(null);
    }

    /** {@code AUTH <password>} and {@code AUTH default <password>}: the password alone finds the tenant. */
    private static boolean namesNoTenant(Optional<String> username) {
        return username.isEmpty() || username.get().equals(TenantConfig.DEFAULT_TENANT);
    }
}
