package io.rkproxy.bench.soak;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one load counted: requests answered as expected, error replies, replies that were neither (wrong), and
 * connections that broke or stopped answering; and the round-trip times, drained by each sample.
 */
final class Meter {
    private final String name;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();
    private final AtomicLong broken = new AtomicLong();
    private final LatencyHistogram latency = new LatencyHistogram();
    private volatile String firstProblem;

    Meter(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void ok(long requests, long roundTripNanos) {
        ok.addAndGet(requests);
        latency.record(roundTripNanos);
    }

    /** One request answered {@code reply}, expected {@code expected}: an error reply or a wrong one. */
    void unexpected(String expected, String reply) {
        (reply.startsWith("-") ? errors : wrong).incrementAndGet();
        noteFirst("expected " + expected + ", got " + reply);
    }

    /** A connection broke or timed out, or expected messages never came. */
    void broken(String why) {
        broken(1, why);
    }

    void broken(long count, String why) {
        broken.addAndGet(count);
        noteFirst(why);
    }

    LatencyHistogram latency() {
        return latency;
    }

    long ok() {
        return ok.get();
    }

    /** Everything that went wrong: error replies, wrong replies and broken connections or missing messages. */
    long failures() {
        return errors.get() + wrong.get() + broken.get();
    }

    long requests() {
        return ok() + failures();
    }

    String firstProblem() {
        return firstProblem;
    }

    @Override
    public String toString() {
        return String.format("%-26s ok=%d errors=%d wrong=%d broken=%d", name, ok.get(), errors.get(), wrong.get(),
                broken.get());
    }

    private void noteFirst(String problem) {
        if (firstProblem == null) {
            firstProblem = problem.replace('\n', ' ');
        }
    }
}
