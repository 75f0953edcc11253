package io.rkproxy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The Streams section, in records/s: a queue on Redis Streams (a tenant with {@code queue:}) on one redis-server.
 * StreamsBench, Lettuce on both sides, produces with XADD straight to redis-server and with KPUSH through rkproxy,
 * then consumes with XREADGROUP + XACK straight from redis-server and with KPOP through rkproxy. Each round writes
 * topics of its own, so every consumer starts from a full stream; the table's CPU rows give redis-server's CPU per
 * record in the direct runs and rkproxy's in its runs.
 */
final class StreamsSection implements Section {
    private static final String PASSWORD = "streams-secret";
    private static final String KPUSH = "KPUSH";
    private static final String KPOP = "KPOP";

    private final BenchContext ctx;
    private final StreamsConfig streams;
    private Process redis;
    private Rkproxy rkproxy;
    private int redisPort;

    StreamsSection(BenchContext ctx, StreamsConfig streams) {
        this.ctx = ctx;
        this.streams = streams;
    }

    @Override
    public String name() {
        return "streams";
    }

    @Override
    public void run() {
        start();
        int rounds = ctx.config().rounds();
        for (int round = 1; round <= rounds; round++) {
            String prefix = "round " + round + "/" + rounds + ": streams, ";
            String direct = "direct.r" + round;
            String queue = "bench.r" + round;
            Log.info(prefix + "XADD and XREADGROUP straight to redis-server");
            measure(round, "direct", KPUSH, redis.pid(), List.of("--mode", "xadd", "--port",
                    Integer.toString(redisPort), "--topic", direct));
            measure(round, "direct", KPOP, redis.pid(), List.of("--mode", "xreadgroup", "--port",
                    Integer.toString(redisPort), "--topic", direct, "--group", "bench-direct"));
            Log.info(prefix + "KPUSH and KPOP through rkproxy");
            List<String> proxy = List.of("--port", Integer.toString(rkproxy.port()), "--password", PASSWORD,
                    "--topic", queue);
            measure(round, "rk-streams", KPUSH, rkproxy.process().pid(), with(List.of("--mode", "kpush"), proxy));
            measure(round, "rk-streams", KPOP, rkproxy.process().pid(), with(List.of("--mode", "kpop"), proxy));
        }
    }

    private void start() {
        redisPort = ctx.ports().claim(streams.redisPort());
        redis = RedisServer.start(ctx, "redis-server (streams)", redisPort, "redis-streams", List.of());
        int port = ctx.ports().claim(streams.rkPort());
        rkproxy = Rkproxy.start(ctx, "rkproxy (streams queue)", "rkproxy-streams", port, String.join("\n",
                "pools:",
                "  queues:",
                "    type: redis",
                "    nodes: [\"127.0.0.1:" + redisPort + "\"]",
                "tenants:",
                "  bench:",
                "    password: " + PASSWORD,
                "    pool: queues",
                "    db: 0",
                "    queue: {partitions: " + StreamsConfig.PARTITIONS + ", maxlen: " + StreamsBench.MAXLEN + "}",
                "    topics: {\"bench.*\": [produce, consume]}",
                ""), PASSWORD);
        Log.info("redis-server on 127.0.0.1:" + redisPort + " and rkproxy with a streams queue on 127.0.0.1:"
                + port + " (tenant bench)");
    }

    /** One StreamsBench run, with the CPU time per record of the process {@code pid} serves it from. */
    private void measure(int round, String target, String label, long pid, List<String> args) {
        List<String> all = with(args, List.of("--records", Integer.toString(streams.records()), "--partitions",
                Integer.toString(StreamsConfig.PARTITIONS), "--size", Integer.toString(StreamsConfig.VALUE_SIZE),
                "--connections", Integer.toString(StreamsConfig.CONNECTIONS), "--pipeline",
                Integer.toString(StreamsConfig.PIPELINE), "--count", Integer.toString(StreamsConfig.READ_COUNT),
                "--warmup-records", Integer.toString(warmup()), "--timeout-seconds",
                Long.toString(ctx.config().timeout().toSeconds())));
        // producing writes its warm-up records on top, consuming reads them as part of the run
        long handled = label.equals(KPUSH) ? streams.records() + warmup() : streams.records();
        OptionalDouble perSecond = metered(target, label, pid, handled, () -> ctx.drivers().run(target, StreamsBench.class,
                all, "records_per_second", ctx.workspace().raw(target + ".r" + round + ".streams." + label),
                round == 1));
        ctx.results().recordRun(target, streamsLabel(label), perSecond);
    }

    private int warmup() {
        return streams.records() / 5;
    }

    private <T> T metered(String target, String label, long pid, long records, Supplier<T> measurement) {
        OptionalLong before = ctx.cpu().microsOutsideJit(pid);
        T result = measurement.get();
        OptionalLong after = ctx.cpu().microsOutsideJit(pid);
        ctx.results().recordCpu(target, streamsLabel(label), before.isPresent() && after.isPresent()
                ? Stats.twoDecimals((after.getAsLong() - before.getAsLong()) / (double) records)
                : Double.NaN);
        return result;
    }

    private static String streamsLabel(String label) {
        return "streams " + label;
    }

    private static List<String> with(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public List<TableRow> rows() {
        return List.of(row(KPUSH), row(KPOP));
    }

    private static TableRow row(String label) {
        return new TableRow(streamsLabel(label), new Column("direct", streamsLabel(label)), Column.NONE,
                new Column("rk-streams", streamsLabel(label)), Rule.NONE);
    }

    @Override
    public List<Report.CpuRow> cpuRows() {
        return List.of(KPUSH, KPOP).stream().map(label -> new Report.CpuRow(streamsLabel(label),
                ctx.results().cpu("direct", streamsLabel(label)), null,
                ctx.results().cpu("rk-streams", streamsLabel(label)))).toList();
    }

    @Override
    public String legend() {
        return "streams rows: records/s of a queue on Redis Streams (tenant with queue: {partitions: "
                + StreamsConfig.PARTITIONS + "}) on one redis-server, " + StreamsConfig.VALUE_SIZE + "-byte values, "
                + streams.records() + " records per run, Lettuce (StreamsBench) on both sides. KPUSH: "
                + StreamsConfig.CONNECTIONS + " connections x " + StreamsConfig.PIPELINE + " in flight, KPUSH topic"
                + " <p> value through rkproxy vs 'direct' XADD <topic>:<p> MAXLEN ~ " + StreamsBench.MAXLEN
                + " * v value. KPOP: " + StreamsConfig.CONNECTIONS + " connections x " + StreamsConfig.PIPELINE
                + " pipelined KPOP through rkproxy (nils not counted) vs 'direct', one connection doing XREADGROUP"
                + " COUNT " + StreamsConfig.READ_COUNT + " over all partitions and XACKing each batch. Untimed"
                + " warm-ups in each run: " + warmup() + " records to another topic before producing,"
                + " the first " + warmup() + " consumed. CPU per record: redis-server's in the direct"
                + " runs, rkproxy's in its own (its JIT compiler threads left out), warm-ups included.";
    }

    @Override
    public String targets() {
        return "streams rows: no target (measured only)";
    }
}
