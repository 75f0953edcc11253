package io.rkproxy.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The soak's verdict: whether rkproxy's memory, fds, threads and latency stayed flat over the second half of the
 * run (the first half lets the JIT, pools and caches settle).
 */
final class Flatness {
    private static final double MB = 1024 * 1024;
    static final List<Tolerance> TOLERANCES = List.of(
            new Tolerance("heap after GC", "MB", MB, s -> s.heapAfterGcBytes(), 0.10, 16),
            new Tolerance("direct memory", "MB", MB, s -> s.directBytes(), 0.10, 16),
            new Tolerance("RSS", "MB", MB, s -> s.rssBytes(), 0.10, 0),
            new Tolerance("fds", "", 1, s -> s.fds(), 0, 5),
            new Tolerance("threads", "", 1, s -> s.threads(), 0, 5));
    /** The end of the run's p99 may be at most this many times the median p99 of the whole run. */
    static final double P99_FACTOR = 3;
    /** Samples the start and the end of the second half are each the median of. */
    private static final int WINDOW = 3;

    private Flatness() {
    }

    /** The tolerances, as the soak prints them before it starts. */
    static List<String> describe() {
        List<String> lines = new ArrayList<>();
        TOLERANCES.forEach(t -> lines.add(String.format("%-14s %s", t.name(), t.describe())));
        lines.add(String.format("%-14s at most %sx the run's median p99", "p99", (long) P99_FACTOR));
        return lines;
    }

    /** One check per series; the run is flat when every one is ok. Needs at least 2 samples. */
    static List<Tolerance.Check> checks(List<Sample> samples) {
        List<Sample> secondHalf = samples.subList(samples.size() / 2, samples.size());
        int window = Math.max(1, Math.min(WINDOW, secondHalf.size() / 2));
        List<Tolerance.Check> checks = new ArrayList<>();
        TOLERANCES.forEach(t -> checks.add(t.check(secondHalf, window)));
        double runMedian = median(samples, Sample::p99Nanos);
        double end = median(secondHalf.subList(secondHalf.size() - window, secondHalf.size()), Sample::p99Nanos);
        boolean ok = end <= P99_FACTOR * runMedian;
        checks.add(new Tolerance.Check(String.format("%-14s run median %.2fms  end %.2fms  (at most %sx)  %s", "p99",
                runMedian / 1e6, end / 1e6, (long) P99_FACTOR, ok ? "ok" : "GROWING"), ok));
        return checks;
    }

    /** The median of the figures (the upper one of the middle two for an even count). */
    static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
        double[] sorted = samples.stream().mapToDouble(value).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
