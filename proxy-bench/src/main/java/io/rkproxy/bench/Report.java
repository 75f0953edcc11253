package io.rkproxy.bench;

import java.util.List;
import java.util.Optional;

/** Everything a run produced, ready to be printed or written: the sections' rows, the CPU table, the profile. */
record Report(BenchConfig config, RunInfo info, List<SectionRows> sections, List<CpuRow> cpu, Results results,
        Optional<AllocationProfile> profile) {

    /** A section's rows with their figures. */
    record SectionRows(Section section, List<RowFigures> rows) {
        static SectionRows of(Section section, Results results) {
            return new SectionRows(section, section.rows().stream().map(row -> RowFigures.of(row, results)).toList());
        }

        boolean met() {
            return rows.stream().allMatch(RowFigures::met);
        }
    }

    /**
     * CPU microseconds per request of each standalone target's own process over a workload's runs, per round:
     * steadier than requests/s on a shared machine, where the load generator and the targets compete for cores.
     */
    record CpuRow(String label, List<Double> direct, List<Double> twemproxy, List<Double> rkproxy) {
    }

    static Report of(BenchConfig config, RunInfo info, List<Section> sections, List<CpuRow> cpu, Results results,
            Optional<AllocationProfile> profile) {
        return new Report(config, info, sections.stream().map(s -> SectionRows.of(s, results)).toList(), cpu, results,
                profile);
    }

    boolean met() {
        return sections.stream().allMatch(SectionRows::met);
    }

    List<RowFigures> rows() {
        return sections.stream().flatMap(s -> s.rows().stream()).toList();
    }
}
