package io.rkproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Kafka section's servers: a single-node KRaft broker (KafkaBenchBroker in a JVM of its own, which kills the
 * broker and deletes its data when it gets TERM or its parent dies) with the topic, and an rkproxy with a kafka pool
 * on it and one kafka-only tenant, so rafka's commands are on.
 */
final class KafkaTargets {
    private static final int PREFETCH_BATCHES = 50;
    static final String TOPIC = "bench";
    static final String PASSWORD = "bench-secret";
    private static final long BROKER_STARTUP_MS = 120_000;
    private static final Duration RKPROXY_STOP = Duration.ofSeconds(15);

    private final BenchContext ctx;
    private final KafkaConfig kafka;
    private String bootstrap;
    private Rkproxy rkproxy;

    KafkaTargets(BenchContext ctx, KafkaConfig kafka) {
        this.ctx = ctx;
        this.kafka = kafka;
    }

    void start() {
        startBroker();
        startRkproxy();
    }

    /** The broker's host:port. */
    String bootstrap() {
        return bootstrap;
    }

    int rkPort() {
        return rkproxy.port();
    }

    long rkPid() {
        return rkproxy.process().pid();
    }

    /**
     * Stops rkproxy while the broker still runs, so that its consumers commit and leave their groups at once, and
     * what it logs on the way out is in its log before the run reads it.
     */
    void stopRkproxy() {
        if (!ctx.processes().stop(rkproxy.process(), RKPROXY_STOP)) {
            Log.info("rkproxy (kafka pool) did not stop within 15s of TERM");
        }
    }

    /** The sum of the topic's end offsets (KOFFSET topic partition -1 through rkproxy); empty when one is unknown. */
    Optional<Long> endOffset() {
        long total = 0;
        for (int partition = 0; partition < kafka.partitions(); partition++) {
            String reply = ctx.cli().callAs(PASSWORD, rkproxy.port(), "KOFFSET", TOPIC, Integer.toString(partition),
                    "-1").lines().findFirst().orElse("");
            if (!reply.matches("\\d+")) {
                return Optional.empty();
            }
            total += Long.parseLong(reply);
        }
        return Optional.of(total);
    }

    private void startBroker() {
        Path out = ctx.workspace().file("kafka-broker.out");
        Path log = ctx.workspace().file("kafka-broker.log");
        Process broker = ctx.processes().start(new ProcessBuilder(JavaDriver.command(
                List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), KafkaBenchBroker.class,
                List.of("--topic", TOPIC + ":" + kafka.partitions())))
                .redirectOutput(out.toFile()).redirectError(log.toFile()));
        long deadline = System.currentTimeMillis() + BROKER_STARTUP_MS;
        while ((bootstrap = announcedBootstrap(out)) == null) {
            if (!broker.isAlive()) {
                Log.tail(log, 30);
                throw new BenchException("the Kafka broker did not start (log: " + log + ")");
            }
            if (System.currentTimeMillis() > deadline) {
                throw new BenchException("the Kafka broker was not ready within 120s (log: " + log + ")");
            }
            Processes.pause(200);
        }
        ctx.ports().taken(Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)));
        Log.info("Kafka broker (one KRaft node) on " + bootstrap + ", topic " + TOPIC + " with " + kafka.partitions()
                + " partition(s)");
    }

    private static String announcedBootstrap(Path out) {
        try {
            return Files.readAllLines(out).stream().filter(l -> l.startsWith("bootstrap=")).findFirst()
                    .map(l -> l.substring("bootstrap=".length())).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * What the pool's KPOP member buffers ahead: {@value #PREFETCH_BATCHES} KPOP COUNT batches, at least the default
     * 500 records. At the default, 64 KPOPs of 100 in flight met an empty buffer (nil) 30k times per 500k records,
     * against 17k at 5000, and a record cost 0.68 against 0.44 us of rkproxy's CPU (one run each, 2 cores).
     */
    static int kpopPrefetch(KafkaConfig kafka) {
        return Math.max(500, PREFETCH_BATCHES * kafka.kpopCount());
    }

    private void startRkproxy() {
        int port = ctx.ports().claim(kafka.rkPort());
        rkproxy = Rkproxy.start(ctx, "rkproxy (kafka pool)", "rkproxy-kafka", port, String.join("\n",
                "pools:",
                "  events:",
                "    type: kafka",
                "    bootstrap: \"" + bootstrap + "\"",
                "    kpop-prefetch: " + kpopPrefetch(kafka),
                "tenants:",
                "  bench:",
                "    password: " + PASSWORD,
                "    kafka: events",
                "    topics: {" + TOPIC + ": [produce, consume]}",
                ""), PASSWORD);
        // A KPUSH round trip (partition and offset come back), so a broken pool fails loudly.
        String reply = ctx.cli().callAs(PASSWORD, port, "KPUSH", TOPIC, "probe");
        if (!reply.matches("\\d+\\s+\\d+")) {
            throw new BenchException("rkproxy (kafka pool) on port " + port + ": KPUSH " + TOPIC + " probe returned '"
                    + reply + "'");
        }
        Log.info("rkproxy with a kafka pool on 127.0.0.1:" + port + " (tenant bench, kafka only)");
    }
}
