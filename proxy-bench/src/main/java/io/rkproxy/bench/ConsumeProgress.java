package io.rkproxy.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the consumers of one KafkaConsumeBench run share: the distinct records so far (told apart by partition and
 * offset), when timing started and when the target was reached, and the first failure. The target, a failure or
 * {@link #await}'s timeout ends the run: {@link #running()} turns false.
 */
final class ConsumeProgress {
    private final long warmup;
    private final long target;
    private final Set<Long> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong consumed = new AtomicLong();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder nils = new LongAdder();
    private final AtomicLong firstAt = new AtomicLong();
    private volatile long doneAt;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean running = true;

    /** {@code target} counts the untimed {@code warmup} records too. */
    ConsumeProgress(long warmup, long target) {
        this.warmup = warmup;
        this.target = target;
    }

    boolean running() {
        return running;
    }

    /** Counts a record; false once the target is reached, so the caller stops. */
    boolean record(long partition, long offset) {
        if (!seen.add(partition << 40 | offset)) {
            duplicates.increment();
            return running;
        }
        long n = consumed.incrementAndGet();
        if (n == Math.max(1, warmup)) {
            firstAt.compareAndSet(0, System.nanoTime());
        }
        if (n == target) {
            doneAt = System.nanoTime();
            running = false;
            finished.countDown();
        }
        return running;
    }

    /** Counts a nil reply: no record was ready. */
    void nil() {
        nils.increment();
    }

    /** Ends the run with a failure, unless it has one already. */
    void fail(String problem) {
        if (failure.compareAndSet(null, problem)) {
            running = false;
            finished.countDown();
        }
    }

    /** Waits for the target or a failure, at most the timeout; then the run ends. False when the timeout passed. */
    boolean await(int timeoutSeconds) throws InterruptedException {
        boolean inTime = finished.await(timeoutSeconds, TimeUnit.SECONDS);
        running = false;
        return inTime;
    }

    /** The first failure, or null. */
    String failure() {
        return failure.get();
    }

    long warmup() {
        return warmup;
    }

    long target() {
        return target;
    }

    long consumed() {
        return consumed.get();
    }

    /** System.nanoTime() of the last untimed record (of the first record without a warm-up). */
    long firstAt() {
        return firstAt.get();
    }

    /** System.nanoTime() of the target's record. */
    long doneAt() {
        return doneAt;
    }

    long duplicates() {
        return duplicates.sum();
    }

    long nils() {
        return nils.sum();
    }
}
