package io.rkproxy.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The hot-keys section: what hot-key detection costs. Two rkproxy instances in front of one redis-server of their
 * own, alike but for {@code server.hot-keys.enabled}, measured in turn within each round (the order swapped every
 * round) with pipelined GETs over many keys, so the sampled path meets new keys as in production.
 */
final class HotKeysSection implements Section {
    static final String LABEL = "GET -P16";
    private static final String OFF = "rk-hotkeys-off";
    private static final String ON = "rk-hotkeys-on";
    private static final int RANDOM_KEYS = 100_000;
    /** Preferred ports of the section's redis-server and its two rkproxy instances. */
    private static final int FIRST_PORT = 7390;

    private final BenchContext ctx;
    private final int requests;

    HotKeysSection(BenchContext ctx) {
        this.ctx = ctx;
        this.requests = Math.max(1, ctx.config().pipelineRequests() / 2);
    }

    @Override
    public String name() {
        return "hot-keys";
    }

    @Override
    public void run() {
        int redisPort = ctx.ports().claim(FIRST_PORT);
        RedisServer.start(ctx, "redis-server (hot keys)", redisPort, "redis-hotkeys", List.of());
        List<Target> targets = List.of(start(OFF, false, redisPort), start(ON, true, redisPort));
        for (Target target : targets) {
            ctx.benchmark().warmUp(target.port(), ctx.config().clients(), ctx.config().warmupRequests(),
                    ctx.workspace().raw(target.name() + ".warm-up.err"));
        }
        int rounds = ctx.config().rounds();
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < targets.size(); i++) {
                Target target = targets.get(round % 2 == 0 ? targets.size() - 1 - i : i);
                Log.info("round " + round + "/" + rounds + ": hot keys, " + target.name());
                measure(target, round);
            }
        }
    }

    private Target start(String name, boolean enabled, int redisPort) {
        int port = ctx.ports().claim(FIRST_PORT + (enabled ? 2 : 1));
        Rkproxy rkproxy = Rkproxy.start(ctx, name, name, port, List.of("hot-keys: {enabled: " + enabled + "}"),
                Rkproxy.defaultTenantOn(redisPort), null, List.of());
        Log.info(name + " on 127.0.0.1:" + port);
        return Target.measured(name, port, rkproxy.process());
    }

    private void measure(Target target, int round) {
        List<String> args = List.of("-c", Integer.toString(ctx.config().clients()), "-n", Integer.toString(requests),
                "-P", "16", "-r", Integer.toString(RANDOM_KEYS), "-t", "get");
        Path csv = ctx.workspace().raw(target.name() + ".r" + round + ".csv");
        long pid = target.process().orElseThrow().pid();
        OptionalLong cpuBefore = ctx.cpu().micros(pid);
        Optional<RedisBenchmark.Figures> get = ctx.benchmark().measure(target.name(), target.port(), args, csv)
                .map(figures -> figures.get("GET"));
        OptionalLong cpuAfter = ctx.cpu().micros(pid);
        ctx.results().recordCpu(target.name(), LABEL, cpuBefore.isPresent() && cpuAfter.isPresent()
                ? Stats.twoDecimals((cpuAfter.getAsLong() - cpuBefore.getAsLong()) / (double) requests) : Double.NaN);
        if (get.isEmpty()) {
            ctx.results().failedRun();
        }
        ctx.results().record(target.name(), LABEL, get.map(RedisBenchmark.Figures::perSecond).orElse(Double.NaN),
                get.map(RedisBenchmark.Figures::p50Ms).orElse(Double.NaN));
    }

    @Override
    public List<TableRow> rows() {
        return List.of(new TableRow("hotkeys " + LABEL, new Column(OFF, LABEL), Column.NONE, new Column(ON, LABEL),
                Rule.HOT_KEYS));
    }

    @Override
    public String legend() {
        return "hotkeys row: rkproxy with server.hot-keys on (the default: one command in 100 sampled) in the rkproxy "
                + "column, the same with it off in the direct column, so rk/direct is the cost as a ratio; GET -P 16 "
                + "over " + RANDOM_KEYS + " random keys, -n " + requests + ". CPU us per GET of the rkproxy process, "
                + "median: off " + cpu(OFF) + ", on " + cpu(ON)
                + " (less sensitive to a busy machine than requests/s).";
    }

    private String cpu(String target) {
        List<Double> rounds = ctx.results().cpu(target, LABEL);
        return rounds == null ? "NA" : Stats.median(rounds).text();
    }

    @Override
    public String targets() {
        return "hot-keys target: GET -P16 with detection on >= 0.95x off";
    }
}
