package io.rkproxy.kafka;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.rkproxy.core.backend.KafkaGateway;
import io.rkproxy.core.backend.KafkaSession;
import io.rkproxy.core.backend.KafkaTenantFigures;
import io.rkproxy.core.backend.QueueCounters;
import io.rkproxy.core.backend.SessionContext;
import io.rkproxy.core.config.KafkaPoolConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code type: kafka} pool: one producer shared by its tenants, an admin client behind the topic cache, the KPOP
 * group members, the reader for KPOP by offset, and the live rafka consumers, all polled by a few threads.
 * Creating it connects to nothing; kafka-clients connects on first use and reconnects by itself.
 */
public final class KafkaPool implements KafkaGateway {

    private static final Logger log = LoggerFactory.getLogger(KafkaPool.class);
    /** What a BLPOP waiting when the proxy shuts down gets, after {@code CONS}: rafka's text. */
    static final String SERVER_SHUTDOWN = "Server shutdown";

    private final KafkaPoolConfig config;
    private final Admin admin;
    private final TopicCatalog catalog;
    private final SharedProducer producer;
    private final KpopGroups kpop;
    private final PartitionReader reader;
    private final ConsumerThreads consumerThreads;
    private final ScheduledExecutorService housekeeping;
    private final Map<String, QueueCounters> stats = new ConcurrentHashMap<>();
    private final long connectionSendBytes;
    /** Bytes of records the pool's connections have on their way to the brokers. */
    private final LongAdder sendBytes = new LongAdder();
    /** rafka client ids in use, per tenant: tenant + NUL + id. */
    private final Set<String> rafkaIds = ConcurrentHashMap.newKeySet();
    /** Every consumer being polled, so that a shutdown can stop them and wait for their last commit. */
    private final Set<GroupConsumer> consumers = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile String unavailable;

    private KafkaPool(KafkaPoolConfig config) {
        this.config = config;
        this.admin = Admin.create(ClientSettings.admin(config));
        this.producer = new SharedProducer(config);
        this.catalog = new TopicCatalog(admin, producer::forget);
        this.consumerThreads = new ConsumerThreads(config.name(), config.consumerThreads());
        this.connectionSendBytes = ClientSettings.connectionSendBytes(config);
        this.kpop = new KpopGroups(config, this::start);
        this.reader = new PartitionReader(config);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(
                new DefaultThreadFactory("rkproxy-kafka-" + config.name(), true));
        long refresh = config.metadataRefresh().toMillis();
        housekeeping.scheduleWithFixedDelay(catalog::refresh, refresh, refresh, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(this::probeCluster, 0, refresh, TimeUnit.MILLISECONDS);
        long idleCheck = Math.max(1_000, config.kpopIdle().toMillis() / 4);
        housekeeping.scheduleWithFixedDelay(kpop::leaveIdle, idleCheck, idleCheck, TimeUnit.MILLISECONDS);
    }

    public static KafkaPool open(KafkaPoolConfig config) {
        log.info("kafka pool '{}': bootstrap {}", config.name(), config.bootstrapServers());
        return new KafkaPool(config);
    }

    @Override
    public KafkaPoolConfig config() {
        return config;
    }

    @Override
    public KafkaSession open(SessionContext session) {
        return new KafkaCommandSession(this, session);
    }

    TopicCatalog catalog() {
        return catalog;
    }

    SharedProducer producer() {
        return producer;
    }

    KpopGroups kpop() {
        return kpop;
    }

    PartitionReader reader() {
        return reader;
    }

    /**
     * Asks the cluster for its brokers, for the console's view of the pool's health, every metadata-refresh-ms; an
     * outage is logged at WARN as a Redis backend's is, once, when the check first fails (within request-timeout-ms).
     */
    private void probeCluster() {
        admin.describeCluster().nodes().toCompletionStage().whenComplete((nodes, error) -> {
            String was = unavailable;
            unavailable = error == null ? null : KafkaErrors.unavailable(config.name(), error);
            if (Objects.equals(was, unavailable)) {
                return;
            }
            if (unavailable == null) {
                log.info("kafka pool '{}': cluster reachable", config.name());
            } else {
                log.warn("kafka pool '{}': {}", config.name(), unavailable);
            }
        });
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailable);
    }

    @Override
    public Map<String, KafkaTenantFigures> tenantFigures() {
        Map<String, KafkaTenantFigures> out = new TreeMap<>();
        stats.forEach((tenant, s) -> out.put(tenant, new KafkaTenantFigures(s.produced.sum(), s.consumed.sum(),
                s.acked.sum(), s.deliveryErrors.sum(), kpop.lag(tenant), kpop.partitionLags(tenant))));
        return out;
    }

    @Override
    public void forget(String tenant) {
        stats.remove(tenant);
    }

    /** Each connection's bound on {@link #sendBytesOutstanding}, resolved. */
    long connectionSendBytes() {
        return connectionSendBytes;
    }

    /**
     * Bytes of records all connections of the pool have handed to the producer and not seen acknowledged yet. Each
     * connection holds at most {@code connection-send-bytes} of them (or one record larger than that).
     */
    public long sendBytesOutstanding() {
        return sendBytes.sum();
    }

    LongAdder sendBytes() {
        return sendBytes;
    }

    QueueCounters stats(String tenant) {
        return stats.computeIfAbsent(tenant, t -> new QueueCounters());
    }

    boolean stopping() {
        return stopping;
    }

    /** Claims a rafka client id for a tenant; false when a live connection of the tenant holds it. */
    boolean claimRafkaId(String tenant, String id) {
        return rafkaIds.add(tenant + '\0' + id);
    }

    void releaseRafkaId(String tenant, String id) {
        rafkaIds.remove(tenant + '\0' + id);
    }

    /** Has a consumer polled by one of the pool's consumer threads; it stops at once if the pool is shutting down. */
    void start(GroupConsumer consumer) {
        consumers.add(consumer);
        consumer.onExit(() -> consumers.remove(consumer));
        consumerThreads.start(consumer);
        if (stopping) {
            consumer.stop(SERVER_SHUTDOWN);
        }
    }

    @Override
    public void stopConsuming() {
        stopping = true;
        consumers.forEach(c -> c.stop(SERVER_SHUTDOWN));
    }

    @Override
    public void close() {
        stopConsuming();
        long deadline = System.nanoTime() + config.requestTimeout().plusSeconds(1).toNanos();
        for (GroupConsumer c : consumers) {
            try {
                if (!c.awaitClosed(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    log.warn("kafka pool '{}': a consumer did not finish its last commit in time", config.name());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        consumerThreads.close();
        reader.close();
        housekeeping.shutdownNow();
        producer.close(config.requestTimeout());
        admin.close(Duration.ofSeconds(1));
        log.info("kafka pool '{}': closed", config.name());
    }
}
