package io.rkproxy.admin;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format, version 0.0.4. A family is declared once, with its HELP and TYPE
 * lines, and its samples follow it at once: samples name no family, so they cannot stray into another one's group.
 * Breaking a rule of the format (a family declared twice, a sample before any family, a series written twice, a bad
 * name) is a programming error and throws.
 */
final class PrometheusWriter {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    enum Type {
        COUNTER, GAUGE, HISTOGRAM;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final StringBuilder out = new StringBuilder();
    private final Set<String> families = new HashSet<>();
    private final Set<String> series = new HashSet<>();
    private String family;
    private Type type;

    /** Starts the family {@code name}; a counter's name ends in {@code _total}. */
    PrometheusWriter family(String name, Type type, String help) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name: " + name);
        }
        if (type == Type.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name ends in _total: " + name);
        }
        if (!families.add(name)) {
            throw new IllegalStateException("family declared twice: " + name);
        }
        family = name;
        this.type = type;
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type.key()).append('\n');
        return this;
    }

    /** One sample of the current counter or gauge family; {@code labels} are name, value, name, value... */
    PrometheusWriter sample(double value, String... labels) {
        if (type == null || type == Type.HISTOGRAM) {
            throw new IllegalStateException("a plain sample needs a counter or gauge family, not " + type);
        }
        line(family, labels(labels, null), value);
        return this;
    }

    /**
     * One histogram series of the current histogram family.
     *
     * @param upperBounds the buckets' upper bounds, ascending, without the last, unbounded one
     * @param counts      the count in each bucket, not cumulative, the unbounded one last
     */
    PrometheusWriter histogram(double[] upperBounds, long[] counts, double sum, String... labels) {
        if (type != Type.HISTOGRAM) {
            throw new IllegalStateException("histogram series need a histogram family, not " + type);
        }
        if (counts.length != upperBounds.length + 1) {
            throw new IllegalArgumentException("one count per bound, and one for +Inf");
        }
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            String le = i < upperBounds.length ? number(upperBounds[i]) : "+Inf";
            line(family + "_bucket", labels(labels, le), cumulative);
        }
        line(family + "_sum", labels(labels, null), sum);
        line(family + "_count", labels(labels, null), cumulative);
        return this;
    }

    String text() {
        return out.toString();
    }

    private void line(String name, String labels, double value) {
        String key = name + labels;
        if (!series.add(key)) {
            throw new IllegalStateException("series written twice: " + key);
        }
        out.append(key).append(' ').append(number(value)).append('\n');
    }

    /** {@code {a="1",b="2"}}, with {@code le} last when given, or nothing for no labels. */
    private static String labels(String[] pairs, String le) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        if (pairs.length == 0 && le == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            String name = pairs[i];
            if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__") || name.equals("le")) {
                throw new IllegalArgumentException("bad label name: " + name);
            }
            sb.append(i == 0 ? "" : ",").append(name).append("=\"").append(escapeLabelValue(pairs[i + 1]))
                    .append('"');
        }
        if (le != null) {
            sb.append(pairs.length == 0 ? "" : ",").append("le=\"").append(le).append('"');
        }
        return sb.append('}').toString();
    }

    private static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Integers without a fraction, other numbers in their shortest exact decimal form, and Go's spellings of the rest. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
