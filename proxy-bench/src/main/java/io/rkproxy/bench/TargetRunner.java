package io.rkproxy.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One round of one target: a redis-benchmark run per workload, recording each test's requests/s and p50, and the
 * CPU per request that the target's own process used during the run.
 */
final class TargetRunner {
    private final BenchContext ctx;

    TargetRunner(BenchContext ctx) {
        this.ctx = ctx;
    }

    void round(Target target, int round, List<Workload> workloads, List<String> extraArgs) {
        for (Workload workload : workloads) {
            Path csv = ctx.workspace().raw(target.name() + ".r" + round + workload.suffix().replace(' ', '_') + ".csv");
            List<String> args = new ArrayList<>(List.of("-c", Integer.toString(ctx.config().clients()), "-n",
                    Integer.toString(workload.requests())));
            args.addAll(workload.args());
            args.addAll(extraArgs);
            args.addAll(List.of("-t", Workload.testList()));

            OptionalLong cpuBefore = cpuMicros(target);
            Optional<Map<String, RedisBenchmark.Figures>> figures =
                    ctx.benchmark().measure(target.name(), target.port(), args, csv);
            OptionalLong cpuAfter = cpuMicros(target);
            if (figures.isEmpty()) {
                ctx.results().failedRun();
            }
            if (target.process().isPresent()) {
                double requests = (double) workload.requests() * Workload.TESTS.size();
                ctx.results().recordCpu(target.name(), workload.suffix(), cpuBefore.isPresent() && cpuAfter.isPresent()
                        ? Stats.twoDecimals((cpuAfter.getAsLong() - cpuBefore.getAsLong()) / requests) : Double.NaN);
            }
            for (String test : Workload.TESTS) {
                Optional<RedisBenchmark.Figures> f = figures.map(m -> m.get(test));
                ctx.results().record(target.name(), workload.label(test),
                        f.map(RedisBenchmark.Figures::perSecond).orElse(Double.NaN),
                        f.map(RedisBenchmark.Figures::p50Ms).orElse(Double.NaN));
            }
        }
    }

    private OptionalLong cpuMicros(Target target) {
        return target.process().map(p -> ctx.cpu().micros(p.pid())).orElse(OptionalLong.empty());
    }
}
