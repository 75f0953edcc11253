package io.rkproxy.admin;

import io.rkproxy.admin.PrometheusWriter.Type;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.backend.BackendNodeStatus;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.KafkaGateway;
import io.rkproxy.core.backend.KafkaTenantFigures;
import io.rkproxy.core.metrics.BigKey;
import io.rkproxy.core.metrics.HotKey;
import io.rkproxy.core.metrics.LatencyHistogram;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.reload.ConfigLoadStatus;
import io.rkproxy.core.runtime.AuthFailures;
import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.core.runtime.ProxySnapshot;
import io.rkproxy.core.runtime.UnauthenticatedConnections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The node's figures as Prometheus metric families. The family and label names are a contract with dashboards and
 * alerts: rename none, only add.
 */
final class ProxyMetrics {

    private static final double MICROS_PER_SECOND = 1e6;
    private static final double NANOS_PER_SECOND = 1e9;
    /** Hot keys and big keys each tenant has series for: keys as label values, so few. */
    static final int KEYS_PER_TENANT = 5;

    private final ProxyAdmin admin;

    ProxyMetrics(ProxyAdmin admin) {
        this.admin = admin;
    }

    /** The exposition text of every family, read now. */
    String scrape() {
        PrometheusWriter out = new PrometheusWriter();
        ProxyRuntime runtime = admin.runtime();
        ProxySnapshot snapshot = runtime.snapshot();
        node(out, runtime);
        tenants(out, new TreeMap<>(runtime.meters().all()));
        logins(out, runtime, admin.authFailuresByTenant());
        pools(out, new TreeMap<>(snapshot.pools()), new TreeMap<>(snapshot.kafkaPools()));
        kafka(out, runtime.queueFigures());
        return out.text();
    }

    private void node(PrometheusWriter out, ProxyRuntime runtime) {
        ConfigLoadStatus last = admin.lastLoad();
        out.family("rkproxy_info", Type.GAUGE, "This rkproxy node: always 1, with its version and node id.")
                .sample(1, "version", runtime.version(), "node", runtime.nodeId());
        out.family("rkproxy_config_generation", Type.GAUGE, "Accepted config loads since start, the first included.")
                .sample(admin.lastAccepted().generation());
        out.family("rkproxy_config_last_load_accepted", Type.GAUGE,
                        "1 when the last config load was accepted, 0 when it was rejected and an older config serves.")
                .sample(last.accepted() ? 1 : 0);
        out.family("rkproxy_config_last_load_timestamp_seconds", Type.GAUGE,
                        "When the last config load, accepted or not, happened, in Unix time.")
                .sample(last.at().toEpochMilli() / 1000.0);
        out.family("rkproxy_slowlog_entries", Type.GAUGE, "Entries in this node's slow log.")
                .sample(runtime.slowLog().size());
        out.family("rkproxy_zookeeper_connected", Type.GAUGE,
                "1 while this node is connected to ZooKeeper, 0 while it is not; no sample with the file source.");
        admin.zooKeeperConnected().ifPresent(connected -> out.sample(connected ? 1 : 0));
    }

    private static void tenants(PrometheusWriter out, Map<String, TenantMeters> tenants) {
        out.family("rkproxy_tenant_commands_total", Type.COUNTER, "Commands received, by tenant and command name.");
        tenants.forEach((tenant, m) -> m.commandsByName().forEach(
                (command, n) -> out.sample(n, "tenant", tenant, "command", command)));
        out.family("rkproxy_tenant_errors_total", Type.COUNTER,
                "Error replies, by tenant and kind (the error's first word, such as WRONGTYPE).");
        tenants.forEach((tenant, m) -> m.errorsByKind().forEach(
                (kind, n) -> out.sample(n, "tenant", tenant, "kind", kind)));
        out.family("rkproxy_tenant_refusals_total", Type.COUNTER,
                "Commands and connections the proxy refused, by tenant and reason.");
        tenants.forEach((tenant, m) -> {
            for (Refusal reason : Refusal.values()) {
                out.sample(m.refusals(reason), "tenant", tenant, "reason", reason.name().toLowerCase(Locale.ROOT));
            }
        });
        out.family("rkproxy_tenant_command_duration_seconds", Type.HISTOGRAM,
                "Time from a command's arrival to its reply's write, by tenant.");
        double[] bounds = LatencyHistogram.boundsSeconds();
        tenants.forEach((tenant, m) -> {
            LatencyHistogram.Snapshot latency = m.latency().snapshot();
            out.histogram(bounds, latency.counts(), latency.sumNanos() / NANOS_PER_SECOND, "tenant", tenant);
        });
        perTenant(out, tenants, "rkproxy_tenant_request_bytes_total", Type.COUNTER,
                "Bytes of requests received from the tenant's clients.", TenantMeters::bytesIn);
        perTenant(out, tenants, "rkproxy_tenant_reply_bytes_total", Type.COUNTER,
                "Bytes of replies sent to the tenant's clients.", TenantMeters::bytesOut);
        perTenant(out, tenants, "rkproxy_tenant_big_requests_total", Type.COUNTER,
                "Requests at least the server's big-request size.", TenantMeters::bigRequests);
        perTenant(out, tenants, "rkproxy_tenant_big_replies_total", Type.COUNTER,
                "Replies at least the server's big-reply size.", TenantMeters::bigReplies);
        perTenant(out, tenants, "rkproxy_tenant_connections", Type.GAUGE,
                "Client connections of the tenant open on this node.", m -> m.connections().get());
        keys(out, tenants);
    }

    /** The tenants' hottest and biggest keys, a few each: a key is a label value, and keys are many. */
    private static void keys(PrometheusWriter out, Map<String, TenantMeters> tenants) {
        out.family("rkproxy_hot_key_ops_per_second", Type.GAUGE, "Estimated commands per second on the tenant's "
                + KEYS_PER_TENANT + " hottest keys, over the last full hot-keys window and the current one.");
        tenants.forEach((tenant, m) -> distinct(m.keys().hot(KEYS_PER_TENANT), HotKey::key).forEach(
                k -> out.sample(k.opsPerSecond(), "tenant", tenant, "key", k.key())));
        out.family("rkproxy_big_key_bytes", Type.GAUGE, "The largest request or reply of the tenant's "
                + KEYS_PER_TENANT + " biggest keys, over the last full hot-keys window and the current one.");
        tenants.forEach((tenant, m) -> distinct(m.keys().big(KEYS_PER_TENANT), BigKey::key).forEach(
                k -> out.sample(k.bytes(), "tenant", tenant, "key", k.key())));
    }

    /** The first of the keys shown the same (long keys are cut), so that no two series have the same labels. */
    private static <T> List<T> distinct(List<T> keys, Function<T, String> key) {
        Set<String> seen = new HashSet<>();
        return keys.stream().filter(k -> seen.add(key.apply(k))).toList();
    }

    /** AUTH failures by the tenant they named (never by address: addresses are unbounded), and pre-auth limits. */
    private static void logins(PrometheusWriter out, ProxyRuntime runtime, Map<String, Long> byTenant) {
        AuthFailures failures = runtime.authenticator().failures();
        out.family("rkproxy_auth_failures_total", Type.COUNTER,
                "Failed AUTHs that named the tenant (AUTH <tenant> <password>, HELLO AUTH), from any address.");
        byTenant.forEach((tenant, n) -> out.sample(n, "tenant", tenant));
        out.family("rkproxy_auth_unattributed_failures_total", Type.COUNTER,
                        "Failed AUTHs that named no tenant: a password alone, the user default, or no tenant's name.")
                .sample(failures.unattributed());
        out.family("rkproxy_auth_delayed_total", Type.COUNTER,
                        "AUTHs that waited auth-failure-delay-ms before their password was checked.")
                .sample(failures.delayedAttempts());
        UnauthenticatedConnections unauthenticated = runtime.unauthenticated();
        out.family("rkproxy_unauthenticated_connections", Type.GAUGE,
                        "Client connections open on this node that have not authenticated.")
                .sample(unauthenticated.count());
        out.family("rkproxy_unauthenticated_refusals_total", Type.COUNTER,
                "Connections closed as they were accepted, by the cap on unauthenticated connections they hit: "
                        + "the node's or their address's.");
        for (UnauthenticatedConnections.Cap cap : UnauthenticatedConnections.Cap.values()) {
            out.sample(unauthenticated.refused(cap), "cap", cap.name().toLowerCase(Locale.ROOT));
        }
        out.family("rkproxy_unauthenticated_buffer_bytes", Type.GAUGE,
                        "Memory unauthenticated connections hold for input not framed yet.")
                .sample(runtime.preAuthBuffers().held());
        out.family("rkproxy_unauthenticated_buffer_closes_total", Type.COUNTER,
                        "Unauthenticated connections closed because their input did not fit "
                                + "max-unauthenticated-buffer-bytes.")
                .sample(runtime.preAuthBuffers().closed());
    }

    private static void perTenant(PrometheusWriter out, Map<String, TenantMeters> tenants, String name, Type type,
                                  String help, ToLongFunction<TenantMeters> figure) {
        out.family(name, type, help);
        tenants.forEach((tenant, m) -> out.sample(figure.applyAsLong(m), "tenant", tenant));
    }

    private static void pools(PrometheusWriter out, Map<String, BackendPool> pools,
                              Map<String, KafkaGateway> kafkaPools) {
        out.family("rkproxy_pool_available", Type.GAUGE,
                "1 when the pool can serve, 0 when its commands fail at once (backend or Kafka cluster unreachable).");
        pools.forEach((name, pool) -> out.sample(available(pool.unavailableReason()), "pool", name, "type",
                pool.config().type().key()));
        kafkaPools.forEach((name, pool) -> out.sample(available(pool.unavailableReason()), "pool", name, "type",
                "kafka"));
        Map<String, Map<String, BackendNodeStatus>> nodes = new TreeMap<>();
        pools.forEach((name, pool) -> {
            Map<String, BackendNodeStatus> byAddress = new TreeMap<>();
            pool.nodeStatus().forEach(status -> byAddress.put(status.address(), status));
            nodes.put(name, byAddress);
        });
        perBackend(out, nodes, "rkproxy_backend_up", Type.GAUGE,
                "1 when this proxy node has a working connection to the backend node, else 0.", s -> s.up() ? 1 : 0);
        out.family("rkproxy_backend_latency_seconds", Type.GAUGE,
                "The last measured round trip to the backend node; absent until one was measured.");
        nodes.forEach((pool, byAddress) -> byAddress.forEach((address, s) -> {
            if (s.latencyMicros() >= 0) {
                out.sample(s.latencyMicros() / MICROS_PER_SECOND, "pool", pool, "node", address);
            }
        }));
        perBackend(out, nodes, "rkproxy_backend_connections", Type.GAUGE,
                "Open connections from this proxy node to the backend node.", BackendNodeStatus::connections);
        perBackend(out, nodes, "rkproxy_backend_in_flight_commands", Type.GAUGE,
                "Commands sent to the backend node and not yet answered.", BackendNodeStatus::inFlight);
        perBackend(out, nodes, "rkproxy_backend_reconnects_total", Type.COUNTER,
                "Connections to the backend node re-established after one was lost.", BackendNodeStatus::reconnects);
    }

    private static int available(Optional<String> unavailableReason) {
        return unavailableReason.isEmpty() ? 1 : 0;
    }

    private static void perBackend(PrometheusWriter out, Map<String, Map<String, BackendNodeStatus>> nodes,
                                   String name, Type type, String help, ToDoubleFunction<BackendNodeStatus> figure) {
        out.family(name, type, help);
        nodes.forEach((pool, byAddress) -> byAddress.forEach(
                (address, s) -> out.sample(figure.applyAsDouble(s), "pool", pool, "node", address)));
    }

    /** A tenant's queue figures, on a Kafka pool or a Streams queue's redis pool ({@code figures} by pool). */
    private static void kafka(PrometheusWriter out, Map<String, Map<String, KafkaTenantFigures>> figures) {
        perKafkaTenant(out, figures, "rkproxy_kafka_produced_records_total", Type.COUNTER,
                "Records the tenant's clients produced through this node.", KafkaTenantFigures::produced);
        perKafkaTenant(out, figures, "rkproxy_kafka_consumed_records_total", Type.COUNTER,
                "Records this node handed to the tenant's clients.", KafkaTenantFigures::consumed);
        perKafkaTenant(out, figures, "rkproxy_kafka_acked_records_total", Type.COUNTER,
                "Records the tenant's rafka clients acknowledged.", KafkaTenantFigures::acked);
        perKafkaTenant(out, figures, "rkproxy_kafka_delivery_errors_total", Type.COUNTER,
                "Records the brokers did not accept.", KafkaTenantFigures::deliveryErrors);
        out.family("rkproxy_kafka_consumer_lag_records", Type.GAUGE,
                "Records waiting in the tenant's KPOP groups' partitions past what this node handed out; "
                        + "absent when not known.");
        figures.forEach((pool, byTenant) -> byTenant.forEach((tenant, f) -> {
            if (f.lag() >= 0) {
                out.sample(f.lag(), "pool", pool, "tenant", tenant);
            }
        }));
    }

    private static void perKafkaTenant(PrometheusWriter out, Map<String, Map<String, KafkaTenantFigures>> figures,
                                       String name, Type type, String help, ToLongFunction<KafkaTenantFigures> figure) {
        out.family(name, type, help);
        figures.forEach((pool, byTenant) -> byTenant.forEach(
                (tenant, f) -> out.sample(figure.applyAsLong(f), "pool", pool, "tenant", tenant)));
    }
}
