package io.rkproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * --compare a.json b.json: two runs' JSON files side by side, each median with b's change against a in percent,
 * for the table's rows and ratios, the CPU table and the profile; parameters that differ are named first.
 */
final class Compare {
    private static final String LINE = "%-18s %-12s %14s %14s %8s";
    private static final List<String> COLUMNS = List.of("direct", "twemproxy", "rkproxy");

    private Compare() {
    }

    static List<String> lines(Path a, Path b) {
        return lines(read(a), read(b), a.toString(), b.toString());
    }

    static List<String> lines(Map<String, Object> a, Map<String, Object> b, String nameA, String nameB) {
        List<String> lines = new ArrayList<>();
        lines.add("a: " + nameA + " (" + a.get("timestamp") + ", commit " + a.get("commit") + ", " + a.get("cores")
                + " cores)");
        lines.add("b: " + nameB + " (" + b.get("timestamp") + ", commit " + b.get("commit") + ", " + b.get("cores")
                + " cores)");
        List<String> differences = differences("", map(a.get("parameters")), map(b.get("parameters")));
        lines.add(differences.isEmpty() ? "same parameters"
                : "parameters that differ: " + String.join("; ", differences));
        lines.add("");
        lines.add(String.format(LINE, "median", "column", "a", "b", "change"));
        Map<String, Map<String, Object>> rowsA = byName(a.get("rows"), "workload");
        Map<String, Map<String, Object>> rowsB = byName(b.get("rows"), "workload");
        for (String workload : union(rowsA.keySet(), rowsB.keySet())) {
            Map<String, Object> rowA = rowsA.getOrDefault(workload, Map.of());
            Map<String, Object> rowB = rowsB.getOrDefault(workload, Map.of());
            for (String column : COLUMNS) {
                add(lines, workload, column, map(rowA.get(column)).get("median"), map(rowB.get(column)).get("median"),
                        "");
            }
            add(lines, workload, "rk/direct", rowA.get("rk_vs_direct"), rowB.get("rk_vs_direct"), "x");
            add(lines, workload, "rk/twem", rowA.get("rk_vs_twemproxy"), rowB.get("rk_vs_twemproxy"), "x");
        }
        lines.add("");
        lines.add(String.format(LINE, "CPU us/request", "process", "a", "b", "change"));
        Map<String, Map<String, Object>> cpuA = byName(a.get("cpu_us_per_request"), "workload");
        Map<String, Map<String, Object>> cpuB = byName(b.get("cpu_us_per_request"), "workload");
        for (String workload : union(cpuA.keySet(), cpuB.keySet())) {
            for (String process : List.of("redis-server", "twemproxy", "rkproxy")) {
                add(lines, workload, process, map(cpuA.getOrDefault(workload, Map.of()).get(process)).get("median"),
                        map(cpuB.getOrDefault(workload, Map.of()).get(process)).get("median"), "");
            }
        }
        if (a.get("profile") != null || b.get("profile") != null) {
            lines.add("");
            lines.add(String.format(LINE, "allocation per GET", "", "a", "b", "change"));
            for (String figure : List.of("bytes_per_command", "objects_per_command")) {
                add(lines, figure.replace("_per_", "/"), "", map(a.get("profile")).get(figure),
                        map(b.get("profile")).get(figure), "");
            }
        }
        return lines;
    }

    /** Adds the line of a figure unless neither run has it. */
    private static void add(List<String> lines, String name, String column, Object a, Object b, String unit) {
        if (a != null || b != null) {
            lines.add(line(name, column, a, b, unit));
        }
    }

    /** One figure of both runs and the change from a to b; "-" where a run has none. */
    static String line(String name, String column, Object a, Object b, String unit) {
        return String.format(LINE, name, column, text(a, unit), text(b, unit), change(a, b));
    }

    /** b against a in percent, "+2.5%"; "-" when either is missing or a is 0. */
    static String change(Object a, Object b) {
        if (!(a instanceof Number x) || !(b instanceof Number y) || x.doubleValue() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%+.1f%%", (y.doubleValue() - x.doubleValue()) / x.doubleValue() * 100);
    }

    private static String text(Object value, String unit) {
        if (!(value instanceof Number n)) {
            return "-";
        }
        return unit.isEmpty() ? Stats.number(n.doubleValue()) : String.format(Locale.ROOT, "%.2f%s",
                n.doubleValue(), unit);
    }

    /** The parameters whose values differ, as "cluster.mget_keys 10 -> 20". */
    private static List<String> differences(String prefix, Map<String, Object> a, Map<String, Object> b) {
        List<String> differences = new ArrayList<>();
        for (String key : union(a.keySet(), b.keySet())) {
            Object x = a.get(key);
            Object y = b.get(key);
            if (x instanceof Map && y instanceof Map) {
                differences.addAll(differences(prefix + key + ".", map(x), map(y)));
            } else if (x instanceof Map || y instanceof Map) {
                differences.add(prefix + key + (x == null ? " off -> on" : " on -> off"));
            } else if (!Objects.equals(x, y)) {
                differences.add(prefix + key + " " + x + " -> " + y);
            }
        }
        return differences;
    }

    private static Map<String, Map<String, Object>> byName(Object list, String key) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        if (list instanceof List<?> items) {
            for (Object item : items) {
                Map<String, Object> entry = map(item);
                byName.put(String.valueOf(entry.get(key)), entry);
            }
        }
        return byName;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new LinkedHashSet<>(a);
        union.addAll(b);
        return union;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    private static Map<String, Object> read(Path file) {
        try {
            Object json = JsonReader.read(Files.readString(file));
            if (!(json instanceof Map) || !JsonReport.FORMAT.equals(map(json).get("format"))) {
                throw new BenchException(file + " is not a JSON file of scripts/bench.sh (" + JsonReport.FORMAT + ")");
            }
            return map(json);
        } catch (IOException | IllegalArgumentException e) {
            throw new BenchException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
