package io.rkproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** BENCH_OUT: the table as CSV when the name ends in .csv, else as markdown with the CPU table and the legends. */
final class OutFile {
    private OutFile() {
    }

    static void write(Report report, Path file) {
        List<String> lines = file.toString().endsWith(".csv") ? csv(report) : markdown(report);
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new BenchException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Cells with no figure are empty; ratios have no "x". */
    static List<String> csv(Report report) {
        List<String> lines = new ArrayList<>();
        lines.add("workload,direct_rps,twemproxy_rps,rkproxy_rps,rk_vs_direct,rk_vs_twemproxy,target,direct_p50_ms,"
                + "twemproxy_p50_ms,rkproxy_p50_ms");
        for (RowFigures r : report.rows()) {
            lines.add(String.join(",", r.row().label(), csvCell(r.direct().median().text()),
                    csvCell(r.twemproxy().median().text()), csvCell(r.rkproxy().median().text()),
                    csvCell(Stats.ratioText(r.rkVsDirect()).replace("x", "")),
                    csvCell(Stats.ratioText(r.rkVsTwemproxy()).replace("x", "")), csvCell(r.verdict()),
                    csvCell(r.direct().p50().text()), csvCell(r.twemproxy().p50().text()),
                    csvCell(r.rkproxy().p50().text())));
        }
        return lines;
    }

    static List<String> markdown(Report report) {
        BenchConfig c = report.config();
        List<String> lines = new ArrayList<>();
        lines.add("Requests/s, median of " + c.rounds() + " round(s); `-c " + c.clients() + "`, `-n " + c.requests()
                + "` unpipelined, `-n " + c.pipelineRequests() + "` with `-P 16`"
                + (c.extraArgsText().isEmpty() ? "" : ", extra `" + c.extraArgsText() + "`") + "; "
                + report.info().startedAt() + ", " + report.info().cores() + " cores.");
        lines.add("");
        lines.add("| workload | direct | twemproxy | rkproxy | rk/direct | rk/twem | target"
                + " | p50 ms direct / twem / rk |");
        lines.add("|---|---:|---:|---:|---:|---:|---|---|");
        for (RowFigures r : report.rows()) {
            lines.add("| " + String.join(" | ", r.row().label(), r.direct().median().text(),
                    r.twemproxy().median().text(), r.rkproxy().median().text(), Stats.ratioText(r.rkVsDirect()),
                    Stats.ratioText(r.rkVsTwemproxy()), r.verdict(), r.direct().p50().text() + " / "
                            + r.twemproxy().p50().text() + " / " + r.rkproxy().p50().text()) + " |");
        }
        lines.add("");
        lines.add("```");
        lines.addAll(TextReport.cpuTable(report));
        report.profile().ifPresent(profile -> {
            lines.add("");
            lines.addAll(profile.lines());
        });
        lines.add("```");
        for (Report.SectionRows section : report.sections()) {
            if (!section.section().legend().isEmpty()) {
                lines.add("");
                lines.add(section.section().legend());
            }
        }
        return lines;
    }

    private static String csvCell(String text) {
        return text.equals("-") ? "" : text;
    }
}
