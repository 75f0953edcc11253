package io.rkproxy.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long MS = 1_000_000L;

    @Test
    void allowsABurstOfOneSecondsWorthThenRefuses() {
        RateLimiter limiter = new RateLimiter();
        long now = 5_000 * MS;
        int allowed = 0;
        while (limiter.tryAcquire(100, now)) {
            allowed++;
        }
        assertEquals(100, allowed);
        assertFalse(limiter.tryAcquire(100, now));
    }

    @Test
    void recoversAtTheConfiguredRate() {
        RateLimiter limiter = new RateLimiter();
        long now = 0;
        while (limiter.tryAcquire(10, now)) {
            // use up the burst
        }
        assertFalse(limiter.tryAcquire(10, now + 50 * MS), "one slot takes 100 ms to come back");
        assertTrue(limiter.tryAcquire(10, now + 100 * MS));
        assertFalse(limiter.tryAcquire(10, now + 100 * MS));
        assertTrue(limiter.tryAcquire(10, now + 250 * MS));
    }

    @Test
    void anIdleLimiterDoesNotBankMoreThanOneSecond() {
        RateLimiter limiter = new RateLimiter();
        long later = 3_600_000 * MS;
        int allowed = 0;
        while (limiter.tryAcquire(5, later)) {
            allowed++;
        }
        assertEquals(5, allowed);
    }
}
