package io.rkproxy.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A report of the standalone section with made-up figures, as a run of three rounds would record them. */
final class ReportFixture {
    static final Instant STARTED = Instant.parse("2026-01-02T03:04:05Z");

    private ReportFixture() {
    }

    /** Three rounds per target; rkproxy's GET at rkGet, its GET -P16 at rkGetPipelined, every other figure fixed. */
    static Report standalone(Path tmp, Map<String, String> settings, double rkGet, double rkGetPipelined) {
        Env env = new Env(merge(settings, Map.of("BENCH_CLUSTER", "0", "BENCH_KAFKA", "0", "TMPDIR", tmp.toString())));
        BenchConfig config = BenchConfig.from(env, tmp, false, STARTED);
        BenchContext ctx = BenchContext.create(config, Workspace.create(env), new Processes());
        Results results = ctx.results();
        for (int round = 0; round < 3; round++) {
            double drift = round * 10;
            for (String target : List.of("direct", "twemproxy", "rkproxy")) {
                results.record(target, "SET", 100_000 + drift, 0.25);
                results.record(target, "SET -P16", 500_000 + drift, 1.5);
                results.recordCpu(target, "", target.equals("rkproxy") ? 6.5 + round : 2.0);
                results.recordCpu(target, " -P16", 1.25);
            }
            results.record("direct", "GET", 100_000 + drift, 0.2);
            results.record("twemproxy", "GET", 90_000 + drift, 0.3);
            results.record("rkproxy", "GET", rkGet + drift, round == 1 ? Double.NaN : 0.4);
            results.record("direct", "GET -P16", 900_000 + drift, 1.0);
            results.record("twemproxy", "GET -P16", 600_000 + drift, 1.2);
            results.record("rkproxy", "GET -P16", rkGetPipelined + drift, 1.1);
        }
        StandaloneSection standalone = new StandaloneSection(ctx);
        return Report.of(config, new RunInfo(STARTED, "0123abcd", 2), List.of(standalone), standalone.cpuRows(),
                results, Optional.empty());
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new HashMap<>(b);
        all.putAll(a);
        return all;
    }
}
