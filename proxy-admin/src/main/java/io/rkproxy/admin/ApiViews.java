package io.rkproxy.admin;

import io.rkproxy.core.admin.PoolView;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.admin.TenantView;
import io.rkproxy.core.backend.BackendNodeStatus;
import io.rkproxy.core.backend.KafkaTenantFigures;
import io.rkproxy.core.command.AclCategory;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.KafkaPoolConfig;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.BigKey;
import io.rkproxy.core.metrics.HotKey;
import io.rkproxy.core.metrics.LatencyHistogram;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.SlowLog;
import io.rkproxy.core.metrics.TenantKeys;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.reload.ConfigLoadStatus;
import io.rkproxy.core.reload.FleetMember;
import io.rkproxy.core.runtime.AuthFailures;
import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.core.runtime.UnauthenticatedConnections;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the JSON API returns: plain records of the proxy's figures and config, with no {@code Optional} or
 * {@code Instant} (a missing value is null, a time an ISO-8601 string) and never a password, a password hash or a
 * Kafka client property, which may hold credentials.
 */
final class ApiViews {

    /** Slow log entries {@code /api/stats} and {@code /api/slowlog} return, newest first. */
    private static final int SLOWLOG_ENTRIES = 128;
    /** Address and tenant pairs with recent AUTH failures {@code /api/stats} returns, most failures first. */
    private static final int RECENT_AUTH_FAILURES = 20;

    private final ProxyAdmin admin;

    ApiViews(ProxyAdmin admin) {
        this.admin = admin;
    }

    record Nodes(String self, List<Node> nodes) {
    }

    /** @param console where its console is reached, or null when it announced none */
    record Node(String id, String address, String version, String startedAt, boolean self, String console) {
    }

    Nodes nodes() {
        String self = admin.runtime().nodeId();
        return new Nodes(self, admin.nodes().stream().map(m -> node(m, self)).toList());
    }

    private static Node node(FleetMember m, String self) {
        return new Node(m.id(), m.address(), m.version(), Instant.ofEpochMilli(m.startedAtMillis()).toString(),
                m.id().equals(self), m.console().isEmpty() ? null : m.console());
    }

    record Pools(List<Pool> pools) {
    }

    /** @param unavailable why the pool cannot serve now, or null when it can */
    record Pool(String name, String type, List<String> nodes, String unavailable, List<Backend> backends) {
    }

    /**
     * @param latencyMicros the last measured round trip, or null before one was measured
     * @param error         why it is down, or null
     */
    record Backend(String address, boolean up, Long latencyMicros, int connections, long inFlight, long reconnects,
                   String error) {
    }

    Pools pools() {
        return new Pools(admin.pools().stream().map(ApiViews::pool).toList());
    }

    private static Pool pool(PoolView p) {
        return new Pool(p.name(), p.type(), p.nodes(), p.unavailable().orElse(null),
                p.backends().stream().map(ApiViews::backend).toList());
    }

    private static Backend backend(BackendNodeStatus s) {
        return new Backend(s.address(), s.up(), s.latencyMicros() < 0 ? null : s.latencyMicros(), s.connections(),
                s.inFlight(), s.reconnects(), s.error().orElse(null));
    }

    record Tenants(List<TenantView> tenants) {
    }

    Tenants tenants() {
        return new Tenants(admin.tenants());
    }

    record Stats(Map<String, TenantStats> tenants, List<SlowLog.Entry> slowlog, Logins logins) {
    }

    /**
     * AUTH failures and the connections that have not authenticated.
     *
     * @param failuresByTenant     failed AUTHs since the start, by the tenant they named; every configured tenant
     * @param unattributedFailures failed AUTHs that named no tenant
     * @param delayed              AUTHs that waited out auth-failure-delay-ms
     * @param recentFailures       the address and tenant pairs with the most failures in their window
     * @param unauthenticated      connections open now that have not authenticated
     * @param refused              connections refused as they were accepted, by cap: {@code node}, {@code address}
     * @param bufferBytes          memory unauthenticated connections hold for input not framed yet
     * @param bufferCloses         unauthenticated connections closed because their input did not fit
     */
    record Logins(Map<String, Long> failuresByTenant, long unattributedFailures, long delayed,
                  List<AuthFailures.Recent> recentFailures, int unauthenticated, Map<String, Long> refused,
                  long bufferBytes, long bufferCloses) {
    }

    /**
     * One tenant's live figures on this node.
     *
     * @param kafka the tenant's Kafka figures by Kafka pool; empty for a tenant without one
     */
    record TenantStats(long connections, long opsPerSecond, Map<String, Long> commands, Map<String, Long> errors,
                       Map<String, Long> refusals, Latency latency, long bytesIn, long bytesOut, long bigRequests,
                       long bigReplies, Map<String, Kafka> kafka) {
    }

    /** Percentiles are a histogram bucket's upper bound; null before any command. */
    record Latency(long count, double sumSeconds, Long p50Micros, Long p99Micros) {
    }

    /**
     * @param lag        null when not known
     * @param partitions the lag of each KPOP group's partitions; empty when not known
     */
    record Kafka(long produced, long consumed, long acked, long deliveryErrors, Long lag,
                 List<PartitionLag> partitions) {
    }

    /** @param topic Kafka's name */
    record PartitionLag(String group, String topic, int partition, long lag) {
    }

    /** Every tenant seen on this node since it started, and the newest slow log entries. */
    Stats stats() {
        Map<String, Map<String, Kafka>> kafka = new TreeMap<>();
        admin.runtime().queueFigures().forEach((pool, byTenant) -> byTenant.forEach((tenant, f) ->
                kafka.computeIfAbsent(tenant, t -> new TreeMap<>()).put(pool, kafka(f))));
        Map<String, TenantStats> tenants = new TreeMap<>();
        admin.runtime().meters().all().forEach((tenant, m) ->
                tenants.put(tenant, tenantStats(m, kafka.getOrDefault(tenant, Map.of()))));
        return new Stats(tenants, admin.slowlog(SLOWLOG_ENTRIES), logins());
    }

    /**
     * One chart's series on this node, oldest point first.
     *
     * @param tenant the tenant it is of, or null for a pool's
     * @param pool   the pool it is of, or null for a tenant's
     */
    record Series(String tenant, String pool, long stepSeconds, List<SeriesPoint> points) {
    }

    /**
     * A chart's series merged across the fleet.
     *
     * @param nodes   the nodes whose points it holds, this one first
     * @param missing the nodes that did not answer, and why
     */
    /** @param notMerged why the other nodes were not asked, {@code null} when they were */
    record FleetSeries(String tenant, String pool, long stepSeconds, List<String> nodes, List<Missing> missing,
                       String notMerged, List<SeriesPoint> points) {
    }

    record Missing(String node, String reason) {
    }

    static Series tenantSeries(String tenant, List<SeriesPoint> points) {
        return new Series(tenant, null, ChartRecorder.STEP.toSeconds(), points);
    }

    static Series poolSeries(String pool, List<SeriesPoint> points) {
        return new Series(null, pool, ChartRecorder.STEP.toSeconds(), points);
    }

    /**
     * A tenant's entry as its source holds it, for the console's form.
     *
     * @param entry     its keys, without any password or hash
     * @param passwords how many passwords and hashes it has
     */
    record TenantEntry(String name, Map<String, Object> entry, int passwords) {
    }

    static TenantEntry tenantEntry(String name, Map<String, Object> entry, int passwords) {
        return new TenantEntry(name, entry, passwords);
    }

    /**
     * A tenant change made.
     *
     * @param password the password generated, shown this once; null when none was
     * @param load     this node's load of the config the change made
     */
    record TenantChanged(String tenant, String action, String password, Load load) {
    }

    static TenantChanged tenantChanged(String tenant, String action, String password, Load load) {
        return new TenantChanged(tenant, action, password, load);
    }

    /** A change refused: why, and the validator's problems. */
    record Rejected(String error, List<String> problems) {
    }

    static Rejected rejected(String error, List<String> problems) {
        return new Rejected(error, problems);
    }

    /**
     * @param file    where the audit log is kept
     * @param skipped lines read that are not an entry
     */
    record Audit(String file, List<AuditLog.Entry> entries, int skipped) {
    }

    static Audit audit(String file, AuditLog.Latest latest) {
        return new Audit(file, latest.entries(), latest.skipped());
    }

    record Slowlog(List<SlowLog.Entry> slowlog) {
    }

    record HotKeys(Map<String, TenantHotKeys> tenants) {
    }

    /**
     * One tenant's hot and big keys on this node, all those kept.
     *
     * @param spanSeconds how long the figures cover: the last full window and the current one so far
     * @param sampleRate  the commands each sample stands for
     */
    record TenantHotKeys(long windowSeconds, double spanSeconds, int sampleRate, List<HotKey> hot, List<BigKey> big) {
    }

    /** Every tenant seen on this node since it started, with its hottest and biggest keys. */
    HotKeys hotKeys() {
        Map<String, TenantHotKeys> tenants = new TreeMap<>();
        admin.runtime().meters().all().forEach((tenant, m) -> {
            TenantKeys keys = m.keys();
            tenants.put(tenant, new TenantHotKeys(keys.windowSeconds(), keys.spanSeconds(), keys.sampleRate(),
                    keys.hot(Integer.MAX_VALUE), keys.big(Integer.MAX_VALUE)));
        });
        return new HotKeys(tenants);
    }

    /** The slow log alone, as {@code /api/stats} has it. */
    Slowlog slowlog() {
        return new Slowlog(admin.slowlog(SLOWLOG_ENTRIES));
    }

    private Logins logins() {
        ProxyRuntime runtime = admin.runtime();
        AuthFailures failures = runtime.authenticator().failures();
        Map<String, Long> refused = new LinkedHashMap<>();
        for (UnauthenticatedConnections.Cap cap : UnauthenticatedConnections.Cap.values()) {
            refused.put(cap.name().toLowerCase(Locale.ROOT), runtime.unauthenticated().refused(cap));
        }
        return new Logins(admin.authFailuresByTenant(), failures.unattributed(), failures.delayedAttempts(),
                failures.recent(RECENT_AUTH_FAILURES), runtime.unauthenticated().count(), refused,
                runtime.preAuthBuffers().held(), runtime.preAuthBuffers().closed());
    }

    private static TenantStats tenantStats(TenantMeters m, Map<String, Kafka> kafka) {
        Map<String, Long> refusals = new LinkedHashMap<>();
        for (Refusal r : Refusal.values()) {
            refusals.put(r.name().toLowerCase(Locale.ROOT), m.refusals(r));
        }
        LatencyHistogram.Snapshot latency = m.latency().snapshot();
        return new TenantStats(m.connections().get(), m.opsPerSecond(), m.commandsByName(), m.errorsByKind(),
                refusals, new Latency(latency.count(), latency.sumNanos() / 1e9, quantile(latency, 0.5),
                quantile(latency, 0.99)), m.bytesIn(), m.bytesOut(), m.bigRequests(), m.bigReplies(), kafka);
    }

    private static Long quantile(LatencyHistogram.Snapshot latency, double q) {
        long micros = latency.quantileMicros(q);
        return micros < 0 ? null : micros;
    }

    private static Kafka kafka(KafkaTenantFigures f) {
        return new Kafka(f.produced(), f.consumed(), f.acked(), f.deliveryErrors(), f.lag() < 0 ? null : f.lag(),
                f.partitions().stream().map(p -> new PartitionLag(p.group(), p.topic(), p.partition(), p.lag()))
                        .toList());
    }

    /**
     * @param problems why it was rejected, or what of an accepted load waits for a restart
     */
    record Load(String at, String source, String trigger, boolean accepted, List<String> problems,
                long generation) {
    }

    static Load load(ConfigLoadStatus s) {
        return new Load(s.at().toString(), s.source(), s.trigger(), s.accepted(), s.problems(), s.generation());
    }

    /** The config source, its last load and last accepted one, and the pools and tenants in force. */
    record Config(String source, Load lastLoad, Load lastAccepted, List<RedisPool> pools,
                  List<KafkaPool> kafkaPools, List<Tenant> tenants) {
    }

    /** @param username the backend user the pool logs in as, or null for the default user */
    record RedisPool(String name, String type, List<String> nodes, String username, int connectionsPerNode,
                     long connectTimeoutMs, long responseTimeoutMs, long maxReconnectBackoffMs,
                     String tenantAclUser) {
    }

    record KafkaPool(String name, List<String> bootstrap, long requestTimeoutMs, long metadataRefreshMs,
                     long commitIntervalMs, long kpopIdleMs, int kpopPrefetch) {
    }

    /**
     * @param pool  the Redis pool, or null for a Kafka-only tenant
     * @param db    the backend db in force, auto-assigned or not
     * @param kafka its Kafka pool and grants, or null
     */
    record Tenant(String name, boolean hasPassword, String pool, int db, String dbSetting, String keyPrefix,
                  String channelPrefix, boolean readOnly, boolean admin, int maxConnections, int maxOpsPerSecond,
                  int maxRequestBytes, int maxPinnedConnections, Commands commands, KafkaGrants kafka) {
    }

    /** Command names and {@code @category} names. */
    record Commands(Set<String> allow, Set<String> deny) {
    }

    record KafkaGrants(String pool, Map<String, List<String>> topics, String topicPrefix, String groupPrefix,
                       boolean rafka) {
    }

    Config config() {
        ProxyConfig config = admin.runtime().snapshot().config();
        return new Config(admin.configSource(), load(admin.lastLoad()), load(admin.lastAccepted()),
                sorted(config.pools().values(), PoolConfig::name, ApiViews::redisPool),
                sorted(config.kafkaPools().values(), KafkaPoolConfig::name, ApiViews::kafkaPool),
                sorted(config.tenants().values(), TenantConfig::name, ApiViews::tenant));
    }

    private static <T, V> List<V> sorted(Collection<T> items, Function<T, String> name, Function<T, V> view) {
        return items.stream().sorted(Comparator.comparing(name)).map(view).toList();
    }

    private static RedisPool redisPool(PoolConfig p) {
        return new RedisPool(p.name(), p.type().key(), addresses(p.nodes()), p.username().orElse(null),
                p.connectionsPerNode(), p.connectTimeout().toMillis(), p.responseTimeout().toMillis(),
                p.maxReconnectBackoff().toMillis(), p.tenantAclUser().orElse(null));
    }

    private static KafkaPool kafkaPool(KafkaPoolConfig p) {
        return new KafkaPool(p.name(), addresses(p.bootstrap()), p.requestTimeout().toMillis(),
                p.metadataRefresh().toMillis(), p.commitInterval().toMillis(), p.kpopIdle().toMillis(),
                p.kpopPrefetch());
    }

    private static List<String> addresses(List<Address> addresses) {
        return addresses.stream().map(Address::toString).toList();
    }

    private static Tenant tenant(TenantConfig t) {
        return new Tenant(t.name(), !t.credentials().isEmpty(), t.pool(), t.db(), t.dbSetting().toString(),
                t.keyPrefix(), t.channelPrefix(), t.readOnly(), t.admin(), t.maxConnections(), t.maxOpsPerSecond(),
                t.maxRequestBytes(), t.maxPinnedConnections(),
                new Commands(rules(t.commands().allowNames(), t.commands().allowCategories()),
                        rules(t.commands().denyNames(), t.commands().denyCategories())),
                t.kafka().map(ApiViews::grants).orElse(null));
    }

    private static Set<String> rules(Set<String> names, long categories) {
        Set<String> out = new TreeSet<>(names);
        if (categories == AclCategory.ALL) {
            out.add("@all");
            return out;
        }
        for (AclCategory c : AclCategory.values()) {
            if ((categories & c.bit()) != 0) {
                out.add("@" + c.name().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static KafkaGrants grants(KafkaAccess k) {
        Map<String, List<String>> topics = new TreeMap<>();
        k.topics().forEach((topic, rights) -> topics.put(topic,
                rights.stream().map(KafkaAccess.TopicRight::key).sorted().toList()));
        return new KafkaGrants(k.pool(), topics, k.topicPrefix(), k.groupPrefix(), k.rafka());
    }
}
