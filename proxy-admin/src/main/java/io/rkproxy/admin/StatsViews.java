package io.rkproxy.admin;

import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.backend.KafkaTenantFigures;
import io.rkproxy.core.metrics.LatencyHistogram;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.SlowLog;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.runtime.AuthFailures;
import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.core.runtime.UnauthenticatedConnections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/stats}' view (see {@link ApiViews}): each tenant's live figures on this node, the newest slow log
 * entries, and AUTH failures.
 */
final class StatsViews {

    /** Address and tenant pairs with recent AUTH failures {@code /api/stats} returns, most failures first. */
    private static final int RECENT_AUTH_FAILURES = 20;

    private StatsViews() {
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

    /** Every tenant seen on this node since it started, and {@code slowlog}. */
    static Stats of(ProxyAdmin admin, List<SlowLog.Entry> slowlog) {
        Map<String, Map<String, Kafka>> kafka = new TreeMap<>();
        admin.runtime().queueFigures().forEach((pool, byTenant) -> byTenant.forEach((tenant, f) ->
                kafka.computeIfAbsent(tenant, t -> new TreeMap<>()).put(pool, kafka(f))));
        Map<String, TenantStats> tenants = new TreeMap<>();
        admin.runtime().meters().all().forEach((tenant, m) ->
                tenants.put(tenant, tenantStats(m, kafka.getOrDefault(tenant, Map.of()))));
        return new Stats(tenants, slowlog, logins(admin));
    }

    private static Logins logins(ProxyAdmin admin) {
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
}
