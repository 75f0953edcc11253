package io.rkproxy.bench.soak;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Round-trip times in buckets 10% wide, from 1 µs to about 3 minutes, recorded from any thread without locks. A
 * percentile is read as its bucket's upper bound, so it is at most 10% high.
 */
final class LatencyHistogram {
    static final int BUCKETS = 200;
    private static final double GROWTH = 1.1;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    private static final long FIRST_BOUND_NANOS = 1_000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long nanos) {
        counts.incrementAndGet(bucketOf(nanos));
    }

    /** Adds the counts recorded since the last drain to {@code into} and starts counting from zero again. */
    void drainInto(long[] into) {
        for (int i = 0; i < BUCKETS; i++) {
            into[i] += counts.getAndSet(i, 0);
        }
    }

    /** The upper bound, in nanoseconds, of the bucket that holds the {@code quantile}; 0 when nothing was counted. */
    static long quantileNanos(long[] counts, double quantile) {
        long total = 0;
        for (long n : counts) {
            total += n;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperBoundNanos(i);
            }
        }
        return upperBoundNanos(BUCKETS - 1);
    }

    static int bucketOf(long nanos) {
        if (nanos <= FIRST_BOUND_NANOS) {
            return 0;
        }
        int bucket = (int) Math.ceil(Math.log((double) nanos / FIRST_BOUND_NANOS) / LOG_GROWTH);
        return Math.min(bucket, BUCKETS - 1);
    }

    static long upperBoundNanos(int bucket) {
        return Math.round(FIRST_BOUND_NANOS * Math.pow(GROWTH, bucket));
    }
}
