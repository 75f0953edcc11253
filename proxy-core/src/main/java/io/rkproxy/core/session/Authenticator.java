package io.rkproxy.core.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.config.ServerConfig;
import io.rkproxy.core.config.TenantConfig;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Checks credentials against the current snapshot and throttles addresses that keep failing. Thread-safe: shared by
 * every event loop.
 *
 * <p>{@code AUTH <password>} and {@code AUTH default <password>} find the tenant by its password (clients that only
 * know a password send the user {@code default}); {@code AUTH <tenant> <password>} checks that tenant's password.
 */
public final class Authenticator {

    private final int maxFailures;
    private final Cache<InetAddress, Integer> failures;

    public Authenticator(ServerConfig server, Ticker ticker) {
        this.maxFailures = server.authMaxFailures();
        this.failures = Caffeine.newBuilder()
                .expireAfterWrite(server.authFailureWindow())
                .maximumSize(100_000)
                .ticker(ticker)
                .build();
    }

    /** The outcome of one AUTH attempt: a tenant, or the error to reply with. */
    public record Result(Optional<TenantConfig> tenant, String error) {

        static Result ok(TenantConfig tenant) {
            return new Result(Optional.of(tenant), null);
        }

        static Result refused(String error) {
            return new Result(Optional.empty(), error);
        }
    }

    public Result authenticate(ProxySnapshot snapshot, Optional<String> username, byte[] password,
                               InetAddress from) {
        Integer failed = from == null ? null : failures.getIfPresent(from);
        if (failed != null && failed >= maxFailures) {
            return Result.refused(RespErrors.AUTH_THROTTLED);
        }
        Optional<TenantConfig> tenant = find(snapshot, username, password);
        if (tenant.isPresent()) {
            return Result.ok(tenant.get());
        }
        if (from != null) {
            failures.asMap().merge(from, 1, Integer::sum);
        }
        return Result.refused(RespErrors.WRONGPASS);
    }

    private static Optional<TenantConfig> find(ProxySnapshot snapshot, Optional<String> username, byte[] password) {
        if (username.isEmpty() || username.get().equals(TenantConfig.DEFAULT_TENANT)) {
            Optional<TenantConfig> byPassword = snapshot.tenantByPassword(password);
            if (byPassword.isPresent()) {
                return byPassword;
            }
            return snapshot.config().openDefaultTenant();
        }
        return snapshot.tenant(username.get())
                .filter(t -> t.password().map(p -> p.matches(password)).orElse(true));
    }
}
