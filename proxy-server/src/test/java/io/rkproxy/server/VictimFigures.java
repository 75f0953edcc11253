package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/** What a well-behaved tenant saw while another abused the proxy: its latencies and its errors. */
final class VictimFigures {

    private final String abuse;
    private long[] nanos = new long[1 << 16];
    private int ops;
    private int errors;
    private int busyErrors;
    private String firstError;

    VictimFigures(String abuse) {
        this.abuse = abuse;
    }

    void record(long latencyNanos, String reply) {
        if (ops == nanos.length) {
            nanos = Arrays.copyOf(nanos, ops * 2);
        }
        nanos[ops++] = latencyNanos;
        if (reply.startsWith("-")) {
            errors++;
            busyErrors += reply.startsWith("-BUSY") ? 1 : 0;
            if (firstError == null) {
                firstError = reply;
            }
        }
    }

    int errors() {
        return errors;
    }

    int busyErrors() {
        return busyErrors;
    }

    double percentileMs(double p) {
        long[] sorted = Arrays.copyOf(nanos, ops);
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
                / 1e6;
    }

    double maxMs() {
        return percentileMs(1.0);
    }

    /** No errors, and no stall: its p99 under {@link NoisyNeighbourTest#STALL_MS}. */
    void assertUndisturbed() {
        assertTrue(ops > 0, this::toString);
        assertEquals(0, errors, this::toString);
        assertTrue(percentileMs(0.99) < NoisyNeighbourTest.STALL_MS, this::toString);
    }

    @Override
    public String toString() {
        return String.format("%s: victim ops=%d errors=%d (busy %d) p50=%.2fms p99=%.2fms max=%.2fms%s", abuse, ops,
                errors, busyErrors, percentileMs(0.5), percentileMs(0.99), maxMs(),
                firstError == null ? "" : " first error: " + firstError);
    }
}
