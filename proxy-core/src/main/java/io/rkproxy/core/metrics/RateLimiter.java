package io.rkproxy.core.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket in its GCRA form: one atomic "theoretical arrival time" instead of a token count and a refill
 * task. A burst of up to one second's worth of operations is allowed; the rate is read at each call, so a config
 * change applies at once. Thread-safe, lock-free.
 */
public final class RateLimiter {

    private static final long SECOND_NANOS = 1_000_000_000L;
    private final AtomicLong theoreticalArrival = new AtomicLong(Long.MIN_VALUE);

    /** Whether one more operation fits {@code perSecond} at {@code nowNanos}. */
    public boolean tryAcquire(int perSecond, long nowNanos) {
        long interval = SECOND_NANOS / perSecond;
        while (true) {
            long tat = theoreticalArrival.get();
            long next = Math.max(tat, nowNanos) + interval;
            if (next - nowNanos > SECOND_NANOS) {
                return false;
            }
            if (theoreticalArrival.compareAndSet(tat, next)) {
                return true;
            }
        }
    }
}
