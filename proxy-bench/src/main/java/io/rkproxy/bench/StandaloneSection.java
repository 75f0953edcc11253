package io.rkproxy.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The standalone section: one redis-server, measured directly, through twemproxy (nutcracker) and through rkproxy
 * in turn within each round, so that slow drift spreads over all three instead of penalising one. Each round runs
 * every workload once per target; the CPU each target's own process used in a run is recorded per request.
 */
final class StandaloneSection implements Section {
    private static final Duration STARTUP = Duration.ofSeconds(10);
    /** Small fixed TLABs for many allocation samples; stack traces deep enough to reach rkproxy under Netty. */
    private static final List<String> PROFILED_JVM_OPTIONS = List.of("-XX:TLABSize=32k", "-XX:-ResizeTLAB",
            "-XX:FlightRecorderOptions=stackdepth=128");

    private final BenchContext ctx;
    private final List<Workload> workloads;
    private final List<Target> targets = new ArrayList<>();
    private int redisPort;
    private Target rkproxy;

    StandaloneSection(BenchContext ctx) {
        this.ctx = ctx;
        this.workloads = Workload.unpipelinedAndPipelined(ctx.config().requests(), ctx.config().pipelineRequests());
    }

    @Override
    public String name() {
        return "standalone";
    }

    @Override
    public void run() {
        BenchConfig config = ctx.config();
        redisPort = ctx.ports().claim(config.redisPort());
        targets.add(Target.measured("direct", redisPort, RedisServer.start(ctx, "redis-server", redisPort, "redis",
                List.of())));
        Log.info("redis-server on 127.0.0.1:" + redisPort);
        targets.add(startTwemproxy());
        rkproxy = startRkproxy("rkproxy", "rkproxy", List.of());
        targets.add(rkproxy);
        targets.forEach(t -> ctx.cli().checkSetGet(t.name(), t.port()));
        if (config.warmupRequests() > 0) {
            ctx.benchmark().warmUp(rkproxy.port(), config.clients(), config.warmupRequests(),
                    ctx.workspace().raw("rkproxy.warm-up.err"));
        }
        TargetRunner runner = new TargetRunner(ctx);
        for (int round = 1; round <= config.rounds(); round++) {
            for (Target target : targets) {
                Log.info("round " + round + "/" + config.rounds() + ": " + target.name());
                runner.round(target, round, workloads, config.extraArgs());
            }
        }
    }

    @Override
    public List<TableRow> rows() {
        return Workload.rows(workloads, (workload, label) -> new TableRow(label, new Column("direct", label),
                new Column("twemproxy", label), new Column("rkproxy", label),
                workload.pipelined() ? Rule.TWEMPROXY : Rule.DIRECT));
    }

    @Override
    public String legend() {
        return "";
    }

    @Override
    public String targets() {
        return "targets: unpipelined rkproxy >= 0.9x direct; pipelined rkproxy >= 1.0x twemproxy";
    }

    @Override
    public List<Report.CpuRow> cpuRows() {
        Results results = ctx.results();
        return workloads.stream().map(w -> new Report.CpuRow("SET+GET" + w.suffix(), results.cpu("direct", w.suffix()),
                results.cpu("twemproxy", w.suffix()), results.cpu("rkproxy", w.suffix()))).toList();
    }

    /**
     * One more unpipelined GET run, after the rounds and outside the table, through an rkproxy of its own (warmed up
     * as the measured one was) while JFR records its allocations into recording; empty (and logged) when the profile
     * cannot be made. JFR samples allocations only when a thread takes a new TLAB, so that instance gets small fixed
     * TLABs: the default ones grow to megabytes and leave a few dozen samples in a run.
     */
    Optional<AllocationProfile> profileGets(Path recording) {
        BenchConfig config = ctx.config();
        Target profiled = startRkproxy("rkproxy-profiled", "rkproxy-profile", PROFILED_JVM_OPTIONS);
        try {
            if (config.warmupRequests() > 0) {
                ctx.benchmark().warmUp(profiled.port(), config.clients(), config.warmupRequests(),
                        ctx.workspace().raw("rkproxy-profiled.warm-up.err"));
            }
            List<String> args = new ArrayList<>(List.of("-c", Integer.toString(config.clients()), "-n",
                    Integer.toString(config.requests())));
            args.addAll(config.extraArgs());
            args.addAll(List.of("-t", "get"));
            String run = "redis-benchmark " + String.join(" ", args);
            Log.info("profiling rkproxy's allocations: " + run);
            Path csv = ctx.workspace().raw("rkproxy-profiled.csv");
            return new AllocationProfiler(ctx.processes(), ctx.workspace()).profile(
                    profiled.process().orElseThrow().pid(), recording, run, config.requests(),
                    () -> ctx.benchmark().measure(profiled.name(), profiled.port(), args, csv)
                            .map(figures -> figures.get("GET")).map(RedisBenchmark.Figures::perSecond)
                            .orElse(Double.NaN));
        } finally {
            ctx.processes().stop(profiled.process().orElseThrow(), Duration.ofSeconds(15));
        }
    }

    private Target startTwemproxy() {
        int port = ctx.ports().claim(ctx.config().twemPort());
        int stats = ctx.ports().claim(ctx.config().twemStatsPort());
        Path config = ctx.workspace().write("nutcracker.yml", String.join("\n",
                "bench:",
                "  listen: 127.0.0.1:" + port,
                "  redis: true",
                "  hash: fnv1a_64",
                "  distribution: ketama",
                "  timeout: 10000",
                "  preconnect: true",
                "  auto_eject_hosts: false",
                "  server_retry_timeout: 2000",
                "  server_failure_limit: 3",
                "  server_connections: 1",
                "  servers:",
                "    - 127.0.0.1:" + redisPort + ":1",
                ""));
        Path log = ctx.workspace().file("nutcracker.log");
        Process process = ctx.processes().start(new ProcessBuilder(nutcracker(), "-c", config.toString(), "-a",
                "127.0.0.1", "-s", Integer.toString(stats), "-o", log.toString(), "-v", "4")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true));
        ctx.cli().waitForPing("twemproxy", port, process, log, STARTUP, null);
        Log.info("twemproxy on 127.0.0.1:" + port + " (stats " + stats + ")");
        return Target.measured("twemproxy", port, process);
    }

    private Target startRkproxy(String name, String file, List<String> jvmOptions) {
        int port = ctx.ports().claim(ctx.config().rkPort());
        Rkproxy started = Rkproxy.start(ctx, name, file, port, Rkproxy.defaultTenantOn(redisPort), null, jvmOptions);
        String javaOpts = ctx.config().rkproxyJavaOpts().isEmpty() ? "launcher default"
                : ctx.config().rkproxyJavaOpts();
        Log.info(name + " on 127.0.0.1:" + port + " (io-threads: "
                + ctx.config().rkIoThreads() + "; JVM options: " + javaOpts
                + (jvmOptions.isEmpty() ? "" : ", plus " + String.join(" ", jvmOptions)) + ")");
        return Target.measured(name, port, started.process());
    }

    /** nutcracker from the PATH, else Debian's /usr/sbin/nutcracker (not on a non-root PATH). */
    private static String nutcracker() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nutcracker"))) {
                return Path.of(dir, "nutcracker").toString();
            }
        }
        return "/usr/sbin/nutcracker";
    }
}
