package io.rkproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's figures as JSON, for keeping and for --compare: when, which commit, how many cores, the parameters, and
 * per row each column's median and rounds, rkproxy's ratios and the verdict; the CPU table's figures; the profile.
 */
final class JsonReport {
    static final String FORMAT = "rkproxy-bench/1";

    private JsonReport() {
    }

    static void write(Report report, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, JsonWriter.write(toJson(report)));
        } catch (IOException e) {
            throw new BenchException("cannot write " + file + ": " + e.getMessage());
        }
    }

    static Map<String, Object> toJson(Report report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("timestamp", report.info().startedAt().toString());
        json.put("commit", report.info().commit());
        json.put("cores", report.info().cores());
        json.put("parameters", report.config().parameters());
        Map<String, Object> targets = new LinkedHashMap<>();
        List<Object> rows = new ArrayList<>();
        for (Report.SectionRows section : report.sections()) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("description", section.section().targets());
            target.put("met", section.met());
            targets.put(section.section().name(), target);
            for (RowFigures r : section.rows()) {
                rows.add(row(section.section().name(), r));
            }
        }
        json.put("targets", targets);
        json.put("rows", rows);
        List<Object> cpu = new ArrayList<>();
        for (Report.CpuRow row : report.cpu()) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("workload", row.label());
            figures.put("redis-server", rounds(row.direct()));
            figures.put("twemproxy", rounds(row.twemproxy()));
            figures.put("rkproxy", rounds(row.rkproxy()));
            cpu.add(figures);
        }
        json.put("cpu_us_per_request", cpu);
        json.put("failed_runs", report.results().failedRuns());
        json.put("profile", report.profile().map(AllocationProfile::toJson).orElse(null));
        return json;
    }

    private static Map<String, Object> row(String section, RowFigures r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("section", section);
        row.put("workload", r.row().label());
        row.put("direct", column(r.direct()));
        row.put("twemproxy", column(r.twemproxy()));
        row.put("rkproxy", column(r.rkproxy()));
        row.put("rk_vs_direct", ratio(r.rkVsDirect()));
        row.put("rk_vs_twemproxy", ratio(r.rkVsTwemproxy()));
        row.put("rule", r.row().rule().description());
        row.put("verdict", r.verdict());
        return row;
    }

    /** A column's target and figures; null for a column with none. */
    private static Map<String, Object> column(RowFigures.ColumnFigures column) {
        if (column.column().isNone()) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target", column.column().target());
        json.putAll(rounds(column.rounds()));
        if (column.p50Rounds() != null) {
            json.put("p50_ms", column.p50().orNull());
            json.put("p50_rounds", column.p50Rounds());
        }
        return json;
    }

    /** The median and every round's figure (null for a failed round). */
    private static Map<String, Object> rounds(List<Double> rounds) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("median", Stats.median(rounds).orNull());
        json.put("rounds", rounds == null ? List.of() : rounds);
        return json;
    }

    private static Double ratio(Cell ratio) {
        return ratio.isNumber() ? Math.round(ratio.value() * 10_000) / 10_000.0 : null;
    }
}
