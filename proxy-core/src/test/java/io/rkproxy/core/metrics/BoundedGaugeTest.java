package io.rkproxy.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoundedGaugeTest {

    @Test
    void takesUpToTheLimitAndAgainAfterARelease() {
        BoundedGauge gauge = new BoundedGauge();
        assertTrue(gauge.tryAcquire(2));
        assertTrue(gauge.tryAcquire(2));
        assertFalse(gauge.tryAcquire(2));
        gauge.release();
        assertTrue(gauge.tryAcquire(2));
        assertEquals(2, gauge.get());
    }

    @Test
    void zeroMeansNoLimit() {
        BoundedGauge gauge = new BoundedGauge();
        for (int i = 0; i < 1000; i++) {
            assertTrue(gauge.tryAcquire(0));
        }
    }
}
