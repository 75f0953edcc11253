package io.rkproxy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * A redis-benchmark workload: the suffix of its rows' labels, its own arguments and the requests of each run. Every
 * run of it measures each of TESTS, so (test, workload) is one row of the table, such as "GET -P16".
 */
record Workload(String suffix, List<String> args, int requests) {
    static final List<String> TESTS = List.of("SET", "GET");

    /** Unpipelined, then with -P 16: the standalone and cluster sections' workloads. */
    static List<Workload> unpipelinedAndPipelined(int requests, int pipelineRequests) {
        return List.of(new Workload("", List.of(), requests),
                new Workload(" -P16", List.of("-P", "16"), pipelineRequests));
    }

    boolean pipelined() {
        return !args.isEmpty();
    }

    String label(String test) {
        return test + suffix;
    }

    /** One table row per workload and test, in that order, as {@code row} makes it of the workload and the label. */
    static List<TableRow> rows(List<Workload> workloads, BiFunction<Workload, String, TableRow> row) {
        List<TableRow> rows = new ArrayList<>();
        for (Workload workload : workloads) {
            for (String test : TESTS) {
                rows.add(row.apply(workload, workload.label(test)));
            }
        }
        return rows;
    }

    /** redis-benchmark's -t for TESTS. */
    static String testList() {
        return String.join(",", TESTS).toLowerCase(Locale.ROOT);
    }
}
