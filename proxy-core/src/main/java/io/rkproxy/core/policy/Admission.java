package io.rkproxy.core.policy;


import io.rkproxy.core.RespErrors;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.resp.RespCommand;

/** Counts each command of a tenant's and applies its request-size and rate limits. */
public final class Admission {

    private Admission() {
    }

    /** The refusal when {@code command} breaks one of {@code tenant}'s limits, else null. */
    public static Denial check(RespCommand command, TenantConfig tenant, TenantMeters meters, long nowNanos) {
        meters.command(command.name());
        int maxBytes = tenant.maxRequestBytes();
        if (maxBytes > 0 && command.sizeInBytes() > maxBytes) {
            return new Denial(Refusal.REQUEST_TOO_LARGE, RespErrors.requestTooLarge(command.sizeInBytes(), maxBytes));
        }
        int perSecond = tenant.maxOpsPerSecond();
        if (perSecond > 0 && !meters.rateLimiter().tryAcquire(perSecond, nowNanos)) {
            return new Denial(Refusal.RATE_LIMITED, RespErrors.RATE_LIMITED);
        }
        return null;
    }
}
