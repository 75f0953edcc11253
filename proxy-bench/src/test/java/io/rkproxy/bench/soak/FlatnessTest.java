package io.rkproxy.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class FlatnessTest {
    private static final long MB = 1024 * 1024;

    @Test
    void steadySeriesWithNoiseAndAWarmUpAreFlat() {
        List<Tolerance.Check> checks = Flatness.checks(run(12, i -> i < 6
                ? sample(i, 20 * MB + i * 10 * MB, 100 + i * 5, 2_000_000)
                : sample(i, 80 * MB + (i % 2) * 3 * MB, 130 + i % 2, i == 8 ? 9_000_000 : 2_000_000)));
        assertTrue(checks.stream().allMatch(Tolerance.Check::ok), checks.toString());
        assertEquals(Flatness.TOLERANCES.size() + 1, checks.size());
    }

    @Test
    void heapThatKeepsGrowingInTheSecondHalfIsNotFlat() {
        List<Tolerance.Check> checks = Flatness.checks(run(12, i -> sample(i, 50 * MB + i * 8 * MB, 100, 2_000_000)));
        assertFalse(check(checks, "heap after GC").ok());
        assertTrue(check(checks, "fds").ok());
    }

    @Test
    void fdsThatLeakSixInTheSecondHalfAreNotFlat() {
        List<Tolerance.Check> checks = Flatness.checks(run(12, i -> sample(i, 50 * MB, 100 + 2 * i, 2_000_000)));
        assertFalse(check(checks, "fds").ok());
    }

    @Test
    void aP99ThatEndsAboveThreeTimesTheRunsMedianIsNotFlat() {
        List<Tolerance.Check> checks = Flatness.checks(run(12, i -> sample(i, 50 * MB, 100,
                i >= 9 ? 7_000_000 : 2_000_000)));
        assertFalse(check(checks, "p99").ok());
    }

    private static List<Sample> run(int samples, IntFunction<Sample> sample) {
        List<Sample> all = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            all.add(sample.apply(i));
        }
        return all;
    }

    private static Sample sample(int i, long heap, int fds, long p99Nanos) {
        return new Sample(10L * (i + 1), heap, 16 * MB, 300 * MB, fds, 40, p99Nanos, 1000, 0);
    }

    private static Tolerance.Check check(List<Tolerance.Check> checks, String name) {
        return checks.stream().filter(c -> c.line().startsWith(name)).findFirst().orElseThrow();
    }
}
