package io.rkproxy.core.metrics;

import java.util.Arrays;

/**
 * How often each key was seen, estimated in a fixed {@value #DEPTH} x {@value #WIDTH} counters whatever the number of
 * distinct keys: an estimate is never below the truth, and above it by at most a small share of all the additions.
 * Conservative update (only the smallest counters grow) keeps that excess small. Not thread-safe.
 */
final class CountMinSketch {

    static final int DEPTH = 4;
    /** A power of two. */
    static final int WIDTH = 1024;

    private final int[] counters = new int[DEPTH * WIDTH];

    /** Counts one more of the key with {@code hash}; returns its estimate. */
    int add(long hash) {
        int estimate = estimate(hash);
        if (estimate == Integer.MAX_VALUE) {
            return estimate;
        }
        int next = estimate + 1;
        for (int row = 0; row < DEPTH; row++) {
            int i = cell(hash, row);
            if (counters[i] < next) {
                counters[i] = next;
            }
        }
        return next;
    }

    int estimate(long hash) {
        int min = Integer.MAX_VALUE;
        for (int row = 0; row < DEPTH; row++) {
            min = Math.min(min, counters[cell(hash, row)]);
        }
        return min;
    }

    void clear() {
        Arrays.fill(counters, 0);
    }

    /** How many counters it holds: the same from its creation on. */
    int size() {
        return counters.length;
    }

    /** The counter of {@code row} for the hash: rows take independent positions from its two halves. */
    private static int cell(long hash, int row) {
        int h1 = (int) hash;
        int h2 = (int) (hash >>> 32) | 1;
        return row * WIDTH + ((h1 + row * h2) & (WIDTH - 1));
    }
}
