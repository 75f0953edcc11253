package io.rkproxy.core.resp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespLimitsTest {

    @Test
    void defaultsAreRedisDefaults() {
        assertEquals(new RespLimits(512 * 1024 * 1024, 1024 * 1024, 64 * 1024, true), RespLimits.DEFAULTS);
        assertTrue(RespLimits.DEFAULTS.authenticated());
    }

    @Test
    void unauthenticatedAreRedis7PreAuthLimits() {
        assertEquals(16384, RespLimits.UNAUTHENTICATED.maxBulkLength());
        assertEquals(10, RespLimits.UNAUTHENTICATED.maxArgs());
        assertEquals(64 * 1024, RespLimits.UNAUTHENTICATED.maxInlineLength());
        assertFalse(RespLimits.UNAUTHENTICATED.authenticated());
    }

    @Test
    void inputIsUnboundedUnlessBoundedExplicitly() {
        assertEquals(Long.MAX_VALUE, RespLimits.DEFAULTS.maxInputBytes());
        assertEquals(Long.MAX_VALUE, RespLimits.UNAUTHENTICATED.maxInputBytes());
        RespLimits bounded = RespLimits.UNAUTHENTICATED.withMaxInputBytes(4096);
        assertEquals(4096, bounded.maxInputBytes());
        assertEquals(RespLimits.UNAUTHENTICATED.maxBulkLength(), bounded.maxBulkLength());
        assertFalse(bounded.authenticated());
        assertThrows(IllegalArgumentException.class, () -> RespLimits.DEFAULTS.withMaxInputBytes(0));
    }

    @Test
    void refusesNonPositiveLimits() {
        assertThrows(IllegalArgumentException.class, () -> new RespLimits(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RespLimits(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RespLimits(1, 1, 0, false));
        assertTrue(new RespLimits(1, 1, 1).authenticated());
    }
}
