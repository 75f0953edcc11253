package io.rkproxy.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict check of the Prometheus text format 0.0.4, beyond what a lenient parser lets pass: each family has one
 * HELP and one TYPE line before its samples, a family's samples form one group, no series appears twice, and each
 * histogram's buckets rise with {@code le}, end in {@code +Inf}, and that bucket equals {@code _count}.
 */
final class PrometheusTextRules {

    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

    private final Map<String, String> types = new HashMap<>();
    private final Set<String> helps = new HashSet<>();
    private final Set<String> closedFamilies = new HashSet<>();
    private final Set<String> series = new HashSet<>();
    /** Per histogram series (labels without {@code le}): its buckets' le and values, in order. */
    private final Map<String, List<double[]>> buckets = new LinkedHashMap<>();
    private final Map<String, Double> counts = new HashMap<>();
    private String current;

    private PrometheusTextRules() {
    }

    /** Throws an AssertionError naming the first rule {@code text} breaks. */
    static void check(String text) {
        PrometheusTextRules rules = new PrometheusTextRules();
        if (!text.endsWith("\n")) {
            throw new AssertionError("the text must end with a line feed");
        }
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (!line.isEmpty()) {
                rules.line(line, n);
            }
        }
        rules.histograms();
    }

    private void line(String line, int n) {
        Matcher m;
        if ((m = HELP.matcher(line)).matches()) {
            require(helps.add(m.group(1)), n, "a second HELP for " + m.group(1));
            require(!types.containsKey(m.group(1)), n, "HELP after TYPE for " + m.group(1));
            enter(m.group(1), n);
        } else if ((m = TYPE.matcher(line)).matches()) {
            require(types.putIfAbsent(m.group(1), m.group(2)) == null, n, "a second TYPE for " + m.group(1));
            enter(m.group(1), n);
        } else if (line.startsWith("#")) {
            require(false, n, "a comment that is neither HELP nor TYPE: " + line);
        } else if ((m = SAMPLE.matcher(line)).matches()) {
            sample(m.group(1), m.group(2) == null ? "" : m.group(2), m.group(3), n);
        } else {
            require(false, n, "not a sample: " + line);
        }
    }

    private void enter(String family, int n) {
        if (!family.equals(current)) {
            require(!closedFamilies.contains(family), n, "family " + family + " is split into two groups");
            if (current != null) {
                closedFamilies.add(current);
            }
            current = family;
        }
    }

    private void sample(String name, String labelText, String valueText, int n) {
        String family = family(name);
        require(types.containsKey(family), n, "sample " + name + " has no TYPE line before it");
        require(family.equals(current), n, "sample " + name + " is outside its family's group");
        Map<String, String> labels = labels(labelText, n);
        require(series.add(name + labels), n, "series written twice: " + name + labels);
        double value = value(valueText, n);
        if (types.get(family).equals("histogram")) {
            Map<String, String> withoutLe = new TreeMap<>(labels);
            String le = withoutLe.remove("le");
            String key = family + withoutLe;
            if (name.endsWith("_bucket")) {
                require(le != null, n, "a bucket without le");
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {value(le, n), value});
            } else if (name.endsWith("_count")) {
                counts.put(key, value);
            }
        } else if (types.get(family).equals("counter")) {
            require(name.endsWith("_total"), n, "counter sample without _total: " + name);
            require(value >= 0, n, "negative counter: " + name);
        }
    }

    private String family(String sample) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if ("histogram".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return sample;
    }

    private static Map<String, String> labels(String text, int n) {
        Map<String, String> labels = new TreeMap<>();
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            require(m.find(at) && m.start() == at, n, "bad label text: " + text);
            require(labels.put(m.group(1), m.group(2)) == null, n, "label given twice: " + m.group(1));
            at = m.end();
        }
        return labels;
    }

    private static double value(String text, int n) {
        try {
            return switch (text) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(text);
            };
        } catch (NumberFormatException e) {
            throw new AssertionError("line " + n + ": not a number: " + text);
        }
    }

    private void histograms() {
        buckets.forEach((key, list) -> {
            for (int i = 1; i < list.size(); i++) {
                require(list.get(i)[0] > list.get(i - 1)[0], 0, key + ": le values not ascending");
                require(list.get(i)[1] >= list.get(i - 1)[1], 0, key + ": buckets not cumulative");
            }
            double[] last = list.get(list.size() - 1);
            require(last[0] == Double.POSITIVE_INFINITY, 0, key + ": the last bucket is not +Inf");
            require(counts.containsKey(key) && counts.get(key) == last[1], 0, key + ": +Inf bucket != _count");
        });
    }

    private static void require(boolean ok, int line, String rule) {
        if (!ok) {
            throw new AssertionError((line > 0 ? "line " + line + ": " : "") + rule);
        }
    }
}
