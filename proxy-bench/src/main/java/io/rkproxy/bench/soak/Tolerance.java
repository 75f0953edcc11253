package io.rkproxy.bench.soak;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * How much one sampled series may grow over the second half of a soak and still count as flat: by {@code relative}
 * of where it started, or by {@code absolute} (in the series' own unit), whichever is more.
 */
record Tolerance(String name, String unit, double unitSize, ToDoubleFunction<Sample> value, double relative,
                 double absolute) {

    /** One series judged: its start and end figures, and whether it stayed within the tolerance. */
    record Check(String line, boolean ok) {
    }

    /**
     * Judges the series on {@code secondHalf}: its start is the median of the first {@code window} samples, its end
     * the median of the last {@code window}, so that one disturbed sample moves neither.
     */
    Check check(List<Sample> secondHalf, int window) {
        double start = Flatness.median(secondHalf.subList(0, window), value);
        double end = Flatness.median(secondHalf.subList(secondHalf.size() - window, secondHalf.size()), value);
        double allowed = Math.max(start * relative, absolute * unitSize);
        boolean ok = end - start <= allowed;
        String growth = (end >= start ? "+" : "") + figure(end - start);
        String line = String.format("%-14s start %9s  end %9s  growth %9s (%s)  %s", name, figure(start),
                figure(end), growth, describe(), ok ? "ok" : "GROWING");
        return new Check(line, ok);
    }

    String describe() {
        if (relative == 0) {
            return "at most +" + format(absolute) + unit;
        }
        return "at most +" + format(relative * 100) + "%" + (absolute > 0 ? " or +" + format(absolute) + unit : "");
    }

    private String figure(double raw) {
        return format(raw / unitSize) + unit;
    }

    private static String format(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : String.format("%.1f", x);
    }
}
