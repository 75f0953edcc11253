package io.rkproxy.core.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Command latencies in fixed buckets, as Prometheus histograms have them: recording is one adder increment, with no
 * lock. Percentiles are read off the buckets, so they are a bucket's upper bound.
 */
public final class LatencyHistogram {

    /** Upper bounds in microseconds; a last, unbounded bucket follows. */
    private static final long[] BOUNDS_MICROS = {100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000,
            100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000};

    private final LongAdder[] buckets = new LongAdder[BOUNDS_MICROS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void record(long nanos) {
        long micros = nanos / 1000;
        int i = 0;
        while (i < BOUNDS_MICROS.length && micros > BOUNDS_MICROS[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(nanos);
    }

    /** The bucket bounds in seconds, without the unbounded last one. */
    public static double[] boundsSeconds() {
        double[] seconds = new double[BOUNDS_MICROS.length];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = BOUNDS_MICROS[i] / 1e6;
        }
        return seconds;
    }

    public Snapshot snapshot() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return new Snapshot(counts, sumNanos.sum());
    }

    /** One reading: per-bucket counts (not cumulative), the last one unbounded. */
    public record Snapshot(long[] counts, long sumNanos) {

        public long count() {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            return total;
        }

        /** The upper bound, in microseconds, of the bucket holding quantile {@code q}; -1 with no samples. */
        public long quantileMicros(double q) {
            long total = count();
            if (total == 0) {
                return -1;
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return i < BOUNDS_MICROS.length ? BOUNDS_MICROS[i] : Long.MAX_VALUE;
                }
            }
            return Long.MAX_VALUE;
        }
    }
}
