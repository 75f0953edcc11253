package io.rkproxy.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void quantilesAreTheUpperBoundOfTheBucketHoldingThem() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 98; i++) {
            h.record(80_000); // 80 µs
        }
        h.record(3_000_000); // 3 ms
        h.record(20_000_000_000L); // 20 s, past the last bound
        LatencyHistogram.Snapshot s = h.snapshot();
        assertEquals(100, s.count());
        assertEquals(100, s.quantileMicros(0.5));
        assertEquals(5_000, s.quantileMicros(0.99));
        assertEquals(Long.MAX_VALUE, s.quantileMicros(1.0));
        assertEquals(98 * 80_000L + 3_000_000L + 20_000_000_000L, s.sumNanos());
    }

    @Test
    void aBatchAddsWhatItRecordedInOneGoAndStartsEmptyAgain() {
        LatencyHistogram h = new LatencyHistogram();
        LatencyHistogram.Batch batch = new LatencyHistogram.Batch();
        batch.record(80_000);
        batch.record(90_000);
        batch.record(3_000_000);
        assertEquals(0, h.snapshot().count(), "nothing before the batch is added");
        batch.addTo(h);
        batch.addTo(h);
        LatencyHistogram.Snapshot s = h.snapshot();
        assertEquals(3, s.count(), "added once");
        assertEquals(2, s.counts()[0]);
        assertEquals(5_000, s.quantileMicros(1.0));
        assertEquals(3_170_000, s.sumNanos());
        batch.record(80_000);
        batch.addTo(h);
        assertEquals(4, h.snapshot().count());
    }

    @Test
    void noSamplesHaveNoQuantile() {
        assertEquals(-1, new LatencyHistogram().snapshot().quantileMicros(0.5));
    }

    @Test
    void boundsAreInSecondsAndOneFewerThanTheBuckets() {
        double[] bounds = LatencyHistogram.boundsSeconds();
        assertEquals(0.0001, bounds[0]);
        assertEquals(bounds.length + 1, new LatencyHistogram().snapshot().counts().length);
    }
}
