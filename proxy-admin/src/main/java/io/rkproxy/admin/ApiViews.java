package io.rkproxy.admin;

import io.rkproxy.core.admin.PoolView;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.admin.TenantView;
import io.rkproxy.core.backend.BackendNodeStatus;
import io.rkproxy.core.metrics.BigKey;
import io.rkproxy.core.metrics.HotKey;
import io.rkproxy.core.metrics.SlowLog;
import io.rkproxy.core.metrics.TenantKeys;
import io.rkproxy.core.reload.ConfigLoadStatus;
import io.rkproxy.core.reload.FleetMember;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the JSON API returns: plain records of the proxy's figures and config, with no {@code Optional} or
 * {@code Instant} (a missing value is null, a time an ISO-8601 string) and never a password, a password hash or a
 * Kafka client property, which may hold credentials.
 */
final class ApiViews {

    /** Slow log entries {@code /api/stats} and {@code /api/slowlog} return, newest first. */
    private static final int SLOWLOG_ENTRIES = 128;

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

    StatsViews.Stats stats() {
        return StatsViews.of(admin, admin.slowlog(SLOWLOG_ENTRIES));
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
     * @param nodes     the nodes whose points it holds, this one first
     * @param missing   the nodes that did not answer, and why
     * @param notMerged why the other nodes were not asked, {@code null} when they were
     */
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

    /**
     * @param problems why it was rejected, or what of an accepted load waits for a restart
     */
    record Load(String at, String source, String trigger, boolean accepted, List<String> problems,
                long generation) {
    }

    static Load load(ConfigLoadStatus s) {
        return new Load(s.at().toString(), s.source(), s.trigger(), s.accepted(), s.problems(), s.generation());
    }

    ConfigViews.Config config() {
        return ConfigViews.of(admin);
    }
}
