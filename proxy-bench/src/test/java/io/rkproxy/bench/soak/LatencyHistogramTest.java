package io.rkproxy.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void aQuantileIsTheUpperBoundOfItsBucketAtMostTenPercentHigh() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            histogram.record(i * 1_000_000L);
        }
        long[] counts = new long[LatencyHistogram.BUCKETS];
        histogram.drainInto(counts);
        long p99 = LatencyHistogram.quantileNanos(counts, 0.99);
        assertTrue(p99 >= 990_000_000L && p99 <= 990_000_000L * 1.1, "p99 " + p99);
        long p50 = LatencyHistogram.quantileNanos(counts, 0.5);
        assertTrue(p50 >= 500_000_000L && p50 <= 500_000_000L * 1.1, "p50 " + p50);
    }

    @Test
    void drainingStartsTheNextWindowFromZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(5_000_000);
        long[] first = new long[LatencyHistogram.BUCKETS];
        histogram.drainInto(first);
        long[] second = new long[LatencyHistogram.BUCKETS];
        histogram.drainInto(second);
        assertTrue(LatencyHistogram.quantileNanos(first, 0.99) >= 5_000_000);
        assertEquals(0, LatencyHistogram.quantileNanos(second, 0.99));
    }

    @Test
    void timesBeyondTheRangeLandInTheEndBuckets() {
        assertEquals(0, LatencyHistogram.bucketOf(10));
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.bucketOf(Long.MAX_VALUE));
    }
}
