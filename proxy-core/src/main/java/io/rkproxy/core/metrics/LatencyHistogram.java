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
        buckets[bucket(nanos)].increment();
        sumNanos.add(nanos);
    }

    private static int bucket(long nanos) {
        long micros = nanos / 1000;
        int i = 0;
        while (i < BOUNDS_MICROS.length && micros > BOUNDS_MICROS[i]) {
            i++;
        }
        return i;
    }

    /** The bucket bounds in microseconds, without the unbounded last one. */
    public static long[] boundsMicros() {
        return BOUNDS_MICROS.clone();
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

    /**
     * Latencies one thread records and adds to a histogram in one go ({@link #addTo}): recording into a batch is a
     * plain increment, so a thread that records many at a time pays the histogram's atomic adds once per batch.
     */
    public static final class Batch {

        private final long[] counts = new long[BOUNDS_MICROS.length + 1];
        private long sumNanos;
        private boolean empty = true;

        public void record(long nanos) {
            counts[bucket(nanos)]++;
            sumNanos += nanos;
            empty = false;
        }

        /** Adds what was recorded since the last call to {@code histogram}, and starts empty again. */
        public void addTo(LatencyHistogram histogram) {
            if (empty) {
                return;
            }
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    histogram.buckets[i].add(counts[i]);
                    counts[i] = 0;
                }
            }
            histogram.sumNanos.add(sumNanos);
            sumNanos = 0;
            empty = true;
        }
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
