package io.rkproxy.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The report on stdout: the table, p50 latencies, CPU per request, the legends, the targets, every round. */
final class TextReport {
    private static final String ROW = "%-17s %12s %12s %12s %10s %10s  %s%n";
    private static final String P50_ROW = "%-17s %12s %12s %12s%n";
    private static final int LEGEND_WIDTH = 118;

    private TextReport() {
    }

    static void print(Report report, PrintStream out) {
        BenchConfig config = report.config();
        out.println();
        out.println(header(config));
        out.printf(ROW, "workload", "direct", "twemproxy", "rkproxy", "rk/direct", "rk/twem", "target");
        for (RowFigures r : report.rows()) {
            out.printf(ROW, r.row().label(), r.direct().median().text(), r.twemproxy().median().text(),
                    r.rkproxy().median().text(), Stats.ratioText(r.rkVsDirect()), Stats.ratioText(r.rkVsTwemproxy()),
                    r.verdict());
        }
        out.println();
        out.printf(P50_ROW, "p50 ms", "direct", "twemproxy", "rkproxy");
        for (RowFigures r : report.rows()) {
            out.printf(P50_ROW, r.row().label(), r.direct().p50().text(), r.twemproxy().p50().text(),
                    r.rkproxy().p50().text());
        }
        out.println();
        cpuTable(report).forEach(out::println);
        out.println();
        report.profile().ifPresent(profile -> {
            profile.lines().forEach(out::println);
            out.println();
        });
        for (Report.SectionRows section : report.sections()) {
            if (!section.section().legend().isEmpty()) {
                wrap(section.section().legend(), LEGEND_WIDTH).forEach(out::println);
                out.println();
            }
        }
        for (Report.SectionRows section : report.sections()) {
            out.println(section.section().targets() + ": " + (section.met() ? "met" : "MISSED"));
        }
        out.println("per-round figures (requests/s; MGETs/s for MGET; records/s for kafka):");
        for (Results.Key key : report.results().measured()) {
            out.printf("  %-15s %-9s %s%n", key.target(), key.label(),
                    rounds(report.results().throughput(key.target(), key.label())));
        }
    }

    /** The line above the table: what its figures are and the load generator's settings. */
    static String header(BenchConfig config) {
        return "requests/s, median of " + config.rounds() + " round(s); -c " + config.clients() + "; -n "
                + config.requests() + " unpipelined, " + config.pipelineRequests() + " with -P 16"
                + (config.extraArgsText().isEmpty() ? "" : "; extra: " + config.extraArgsText());
    }

    static List<String> cpuTable(Report report) {
        List<String> lines = new ArrayList<>();
        lines.add("CPU us per request of the process itself (redis-server / twemproxy / rkproxy), median of "
                + report.config().rounds() + " round(s):");
        for (Report.CpuRow row : report.cpu()) {
            lines.add(String.format("  %-14s %8s %8s %8s", row.label(), Stats.median(row.direct()).text(),
                    Stats.median(row.twemproxy()).text(), Stats.median(row.rkproxy()).text()));
        }
        return lines;
    }

    /** Each round's figure, NA for a failed one. */
    static String rounds(List<Double> rounds) {
        return rounds.stream().map(v -> Cell.of(v).text()).collect(Collectors.joining(" "));
    }

    /** The text in lines of at most width characters, broken at spaces (a longer word gets a line of its own). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
