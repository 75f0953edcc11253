package io.rkproxy.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/** Medians over rounds, ratios between targets and how the report writes numbers. */
final class Stats {
    private Stats() {
    }

    /**
     * The median of the rounds that produced a figure (NaN marks a failed one), the upper median for an even count:
     * it ignores a single disturbed run without rewarding a lucky one as "best" would. Absent when there are no
     * rounds at all, NA when none produced a figure.
     */
    static Cell median(List<Double> rounds) {
        if (rounds == null) {
            return Cell.ABSENT;
        }
        double[] figures = rounds.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted()
                .toArray();
        return figures.length == 0 ? Cell.NA : Cell.of(figures[figures.length / 2]);
    }

    /** a / b: absent when either is, NA when either is NA or b is 0. */
    static Cell ratio(Cell a, Cell b) {
        if (a.kind() == Cell.Kind.ABSENT || b.kind() == Cell.Kind.ABSENT) {
            return Cell.ABSENT;
        }
        if (!a.isNumber() || !b.isNumber() || b.value() == 0) {
            return Cell.NA;
        }
        return Cell.of(a.value() / b.value());
    }

    /** "1.23x", or "-" or "NA". */
    static String ratioText(Cell ratio) {
        return ratio.isNumber() ? String.format(Locale.ROOT, "%.2fx", ratio.value()) : ratio.text();
    }

    /** Whether the ratio, as the table prints it (two decimals), is at least min. */
    static boolean meets(Cell ratio, double min) {
        return ratio.isNumber() && twoDecimals(ratio.value()) >= min;
    }

    /** Whole numbers without decimals, others with at most three. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** value rounded to two decimals, as per-request CPU figures are kept. */
    static double twoDecimals(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
