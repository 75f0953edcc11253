package io.rkproxy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What scripts/bench.sh documents as its environment: the standalone section's settings and the run's options, with
 * the cluster and Kafka sections' own settings when those sections run; {@code tls} runs the TLS section.
 */
record BenchConfig(
        Path root,
        int rounds,
        int clients,
        int requests,
        int pipelineRequests,
        int warmupRequests,
        String extraArgsText,
        List<String> extraArgs,
        Duration timeout,
        int rkIoThreads,
        String rkproxyJavaOpts,
        List<String> driverJavaOpts,
        int redisPort,
        int twemPort,
        int twemStatsPort,
        int rkPort,
        Optional<Path> out,
        Path json,
        boolean strict,
        boolean keep,
        boolean profile,
        boolean tls,
        boolean hotKeys,
        Optional<ClusterConfig> cluster,
        Optional<KafkaConfig> kafka,
        Optional<StreamsConfig> streams) {

    /**
     * rkproxy's event loops in the bench: one, as twemproxy has one thread, which leaves the machine's other core to
     * redis-server and redis-benchmark. On a 2-core machine that runs all three, rkproxy's default of a loop per core
     * costs about 40% more CPU per unpipelined request, in context switches. 0 is rkproxy's default.
     */
    static final int DEFAULT_RK_IO_THREADS = 1;

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    static BenchConfig from(Env env, Path root, boolean profile, Instant startedAt) {
        int requests = env.positive("BENCH_REQUESTS", 300_000);
        int pipelineRequests = env.positive("BENCH_PIPELINE_REQUESTS", 2_000_000);
        Path json = env.isSet("BENCH_JSON") ? Path.of(env.string("BENCH_JSON", ""))
                : root.resolve("bench-results").resolve("bench-" + FILE_TIME.format(startedAt) + ".json");
        return new BenchConfig(
                root,
                env.positive("BENCH_ROUNDS", 3),
                env.positive("BENCH_CLIENTS", 50),
                requests,
                pipelineRequests,
                env.nonNegative("BENCH_WARMUP_REQUESTS", 300_000),
                env.string("BENCH_ARGS", ""),
                env.words("BENCH_ARGS"),
                Duration.ofSeconds(env.positive("BENCH_TIMEOUT", 120)),
                env.nonNegative("BENCH_RK_IO_THREADS", DEFAULT_RK_IO_THREADS),
                env.string("RKPROXY_JAVA_OPTS", ""),
                env.words("BENCH_DRIVER_JAVA_OPTS"),
                env.positive("BENCH_REDIS_PORT", 7379),
                env.positive("BENCH_TWEM_PORT", 7380),
                env.positive("BENCH_TWEM_STATS_PORT", 7389),
                env.positive("BENCH_RK_PORT", 7381),
                env.isSet("BENCH_OUT") ? Optional.of(Path.of(env.string("BENCH_OUT", ""))) : Optional.empty(),
                json,
                env.flag("BENCH_STRICT", false),
                env.flag("BENCH_KEEP", false),
                profile || env.flag("BENCH_PROFILE", false),
                env.flag("BENCH_TLS", false),
                env.flag("BENCH_HOTKEYS", true),
                env.flag("BENCH_CLUSTER", true) ? Optional.of(ClusterConfig.from(env, requests, pipelineRequests))
                        : Optional.empty(),
                env.flag("BENCH_KAFKA", true) ? Optional.of(KafkaConfig.from(env)) : Optional.empty(),
                env.flag("BENCH_STREAMS", true) ? Optional.of(StreamsConfig.from(env)) : Optional.empty());
    }

    /** The figures' conditions, for the JSON file. */
    Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rounds", rounds);
        p.put("clients", clients);
        p.put("requests", requests);
        p.put("pipeline_requests", pipelineRequests);
        p.put("warmup_requests", warmupRequests);
        p.put("extra_args", extraArgsText);
        p.put("rk_io_threads", rkIoThreads);
        p.put("rkproxy_java_opts", rkproxyJavaOpts);
        p.put("driver_java_opts", String.join(" ", driverJavaOpts));
        p.put("profile", profile);
        p.put("tls", tls);
        p.put("hot_keys", hotKeys);
        p.put("cluster", cluster.map(ClusterConfig::parameters).orElse(null));
        p.put("kafka", kafka.map(KafkaConfig::parameters).orElse(null));
        p.put("streams", streams.map(StreamsConfig::parameters).orElse(null));
        return p;
    }
}
