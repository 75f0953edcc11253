package io.rkproxy.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An entry of {@code pools:} with {@code type: kafka}: a Kafka cluster, and how the proxy's clients talk to it.
 *
 * @param client            kafka-clients properties every client of the pool gets (security settings)
 * @param producer          properties of the pool's one shared producer
 * @param consumer          properties of every consumer the pool creates
 * @param requestTimeout    a command that needs the broker fails with an error after this long
 * @param metadataRefresh   how often the cached topic metadata is reloaded off the event loops
 * @param commitInterval    how often consumed (KPOP) and acked (rafka) offsets are committed
 * @param kpopIdle          a proxy-managed KPOP consumer nobody used for this long leaves its group
 * @param kpopPrefetch      records a proxy-managed KPOP consumer buffers ahead of the clients
 * @param consumerThreads   threads that poll the pool's consumers (rafka's and KPOP's), each owning several
 * @param connectionSendBytes bytes of records one connection may have on their way to the brokers before the proxy
 *                          stops reading it; 0 for a quarter of the producer's {@code buffer.memory}
 */
public record KafkaPoolConfig(
        String name,
        List<Address> bootstrap,
        Map<String, String> client,
        Map<String, String> producer,
        Map<String, String> consumer,
        Duration requestTimeout,
        Duration metadataRefresh,
        Duration commitInterval,
        Duration kpopIdle,
        int kpopPrefetch,
        int consumerThreads,
        int connectionSendBytes) {

    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_METADATA_REFRESH_MS = 10_000;
    public static final int DEFAULT_COMMIT_INTERVAL_MS = 1_000;
    public static final int DEFAULT_KPOP_IDLE_MS = 300_000;
    public static final int DEFAULT_KPOP_PREFETCH = 500;
    public static final int DEFAULT_CONSUMER_THREADS = 4;
    public static final int MIN_CONNECTION_SEND_BYTES = 1024;

    /** Settings of how a client reaches and authenticates to the brokers; allowed in every properties map. */
    private static final Set<String> CONNECTION_KEYS = Set.of("client.dns.lookup", "security.protocol",
            "sasl.mechanism", "sasl.jaas.config", "ssl.truststore.location", "ssl.truststore.password",
            "ssl.truststore.type", "ssl.keystore.location", "ssl.keystore.password", "ssl.keystore.type",
            "ssl.key.password", "ssl.endpoint.identification.algorithm", "ssl.protocol");
    private static final Set<String> PRODUCER_KEYS = Set.of("acks", "linger.ms", "batch.size", "compression.type",
            "max.request.size", "buffer.memory", "enable.idempotence", "delivery.timeout.ms", "request.timeout.ms",
            "retries", "retry.backoff.ms", "max.in.flight.requests.per.connection", "max.block.ms");
    /** Consumer settings an operator may tune; group membership and commits are the proxy's own. */
    public static final Set<String> CONSUMER_KEYS = Set.of("fetch.min.bytes", "fetch.max.bytes",
            "fetch.max.wait.ms", "max.partition.fetch.bytes", "max.poll.records", "session.timeout.ms",
            "heartbeat.interval.ms", "max.poll.interval.ms", "auto.offset.reset", "isolation.level",
            "request.timeout.ms", "retry.backoff.ms");

    public KafkaPoolConfig {
        bootstrap = List.copyOf(bootstrap);
        client = Map.copyOf(client);
        producer = Map.copyOf(producer);
        consumer = Map.copyOf(consumer);
    }

    /** The bootstrap list as kafka-clients wants it. */
    public String bootstrapServers() {
        return String.join(",", bootstrap.stream().map(Address::toString).toList());
    }

    static KafkaPoolConfig read(String name, ConfigNode node) {
        node.string("type", null);
        List<Address> bootstrap = new ArrayList<>();
        String raw = node.string("bootstrap", null);
        if (raw == null || raw.isBlank()) {
            node.problem("bootstrap", "is required: the brokers as host:port[,host:port...]");
        } else {
            for (String one : raw.split(",")) {
                Address.parse(one.trim()).ifPresentOrElse(bootstrap::add,
                        () -> node.problem("bootstrap", "bad address '" + one.trim() + "' (expected host:port)"));
            }
        }
        Map<String, String> client = properties(node, "client", Set.of());
        Map<String, String> producer = properties(node, "producer", PRODUCER_KEYS);
        Map<String, String> consumer = properties(node, "consumer", CONSUMER_KEYS);
        int request = node.integer("request-timeout-ms", DEFAULT_REQUEST_TIMEOUT_MS, 100, 600_000);
        int refresh = node.integer("metadata-refresh-ms", DEFAULT_METADATA_REFRESH_MS, 100, 3_600_000);
        int commit = node.integer("commit-interval-ms", DEFAULT_COMMIT_INTERVAL_MS, 10, 600_000);
        int idle = node.integer("kpop-idle-ms", DEFAULT_KPOP_IDLE_MS, 1_000, 86_400_000);
        int prefetch = node.integer("kpop-prefetch", DEFAULT_KPOP_PREFETCH, 1, 100_000);
        int consumerThreads = node.integer("consumer-threads", DEFAULT_CONSUMER_THREADS, 1, 256);
        int sendBytes = node.integer("connection-send-bytes", 0, 0, Integer.MAX_VALUE);
        if (sendBytes > 0 && sendBytes < MIN_CONNECTION_SEND_BYTES) {
            node.problem("connection-send-bytes", "must be 0 (a quarter of buffer.memory) or at least "
                    + MIN_CONNECTION_SEND_BYTES);
        }
        node.rejectUnknownKeys();
        return new KafkaPoolConfig(name, bootstrap, client, producer, consumer, Duration.ofMillis(request),
                Duration.ofMillis(refresh), Duration.ofMillis(commit), Duration.ofMillis(idle), prefetch,
                consumerThreads, sendBytes);
    }

    private static Map<String, String> properties(ConfigNode parent, String key, Set<String> allowed) {
        ConfigNode node = parent.child(key);
        Map<String, String> out = new LinkedHashMap<>();
        for (String property : node.keys()) {
            String value = node.string(property, "");
            if (!allowed.contains(property) && !CONNECTION_KEYS.contains(property)) {
                node.problem(property, "is not a kafka-clients property rkproxy lets you set here (allowed: "
                        + String.join(", ", new TreeSet<>(union(allowed))) + ")");
            } else {
                out.put(property, value);
            }
        }
        return out;
    }

    private static Set<String> union(Set<String> allowed) {
        Set<String> all = new HashSet<>(allowed);
        all.addAll(CONNECTION_KEYS);
        return all;
    }
}
