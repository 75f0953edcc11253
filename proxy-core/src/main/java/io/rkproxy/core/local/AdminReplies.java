package io.rkproxy.core.local;

import io.rkproxy.core.admin.PoolView;
import io.rkproxy.core.admin.TenantView;
import io.rkproxy.core.backend.BackendNodeStatus;
import io.rkproxy.core.backend.KafkaTenantFigures;
import io.rkproxy.core.metrics.SlowLog;
import io.rkproxy.core.reload.ConfigLoadStatus;
import io.rkproxy.core.reload.FleetMember;
import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The PROXY command's replies: the console's views as RESP maps (flat arrays for RESP2 clients). */
final class AdminReplies {

    private AdminReplies() {
    }

    static RespValue node(FleetMember node) {
        return new Fields().put("id", node.id()).put("address", node.address()).put("version", node.version())
                .put("started-at-ms", node.startedAtMillis()).build();
    }

    static RespValue pool(PoolView pool) {
        return new Fields().put("name", pool.name()).put("type", pool.type())
                .put("nodes", strings(pool.nodes()))
                .put("status", pool.unavailable().orElse("up"))
                .put("backends", list(pool.backends(), AdminReplies::backend)).build();
    }

    private static RespValue backend(BackendNodeStatus node) {
        return new Fields().put("address", node.address()).put("status", node.up() ? "up" : "down")
                .put("latency-us", node.latencyMicros()).put("connections", node.connections())
                .put("in-flight", node.inFlight()).put("reconnects", node.reconnects())
                .put("error", node.error().orElse("")).build();
    }

    static RespValue tenant(TenantView t) {
        return new Fields().put("name", t.name()).put("pool", t.pool()).put("kafka", t.kafkaPool())
                .put("isolation", t.isolation()).put("read-only", t.readOnly() ? 1 : 0).put("admin", t.admin() ? 1 : 0)
                .put("max-connections", t.maxConnections()).put("max-ops-per-second", t.maxOpsPerSecond())
                .put("max-request-bytes", t.maxRequestBytes()).put("connections", t.connections())
                .put("ops-per-second", t.opsPerSecond()).put("commands", t.commands()).put("errors", t.errors())
                .put("latency-p50-us", t.p50Micros()).put("latency-p99-us", t.p99Micros())
                .put("bytes-in", t.bytesIn()).put("bytes-out", t.bytesOut())
                .put("big-requests", t.bigRequests()).put("big-replies", t.bigReplies())
                .put("auth-failures", t.authFailures()).build();
    }

    /**
     * A tenant's view with its counters broken down: commands by name, errors by kind, refusals by reason, and the
     * lag of its KPOP groups' partitions on this node in its Kafka pools ({@code kafka} by pool name).
     */
    static RespValue tenantStats(TenantView t, Map<String, Long> commands, Map<String, Long> errors,
                                 Map<String, KafkaTenantFigures> kafka) {
        List<RespValue> items = new ArrayList<>(((RespValue.Dict) tenant(t)).items());
        items.add(bulk("commands-by-name"));
        items.add(counts(commands));
        items.add(bulk("errors-by-kind"));
        items.add(counts(errors));
        items.add(bulk("refusals-by-reason"));
        items.add(counts(t.refusals()));
        List<RespValue> lags = new ArrayList<>();
        kafka.forEach((pool, figures) -> figures.partitions().forEach(p -> lags.add(new Fields().put("pool", pool)
                .put("group", p.group()).put("topic", p.topic()).put("partition", p.partition())
                .put("lag", p.lag()).build())));
        items.add(bulk("kafka-lag-by-partition"));
        items.add(new RespValue.Array(lags));
        return new RespValue.Dict(items);
    }

    static RespValue slowlogEntry(SlowLog.Entry e) {
        return new RespValue.Array(List.of(new RespValue.Int(e.id()), new RespValue.Int(e.epochMillis() / 1000),
                new RespValue.Int(e.durationMicros()), strings(e.args()), bulk(e.client()), bulk(e.tenant()),
                bulk(e.pool())));
    }

    static RespValue load(ConfigLoadStatus load) {
        return new Fields().put("at-ms", load.at().toEpochMilli()).put("source", load.source())
                .put("trigger", load.trigger()).put("accepted", load.accepted() ? 1 : 0)
                .put("problems", strings(load.problems())).put("generation", load.generation()).build();
    }

    static <T> RespValue list(List<T> items, Function<T, RespValue> each) {
        return new RespValue.Array(items.stream().map(each).toList());
    }

    private static RespValue strings(List<String> values) {
        return list(values, AdminReplies::bulk);
    }

    private static RespValue counts(Map<String, Long> counts) {
        Fields fields = new Fields();
        counts.forEach(fields::put);
        return fields.build();
    }

    static RespValue bulk(String text) {
        return new RespValue.Bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A RESP map built field by field, in order. */
    static final class Fields {

        private final List<RespValue> items = new ArrayList<>();

        Fields put(String name, String value) {
            return put(name, bulk(value));
        }

        Fields put(String name, long value) {
            return put(name, new RespValue.Int(value));
        }

        Fields put(String name, RespValue value) {
            items.add(bulk(name));
            items.add(value);
            return this;
        }

        RespValue build() {
            return new RespValue.Dict(items);
        }
    }
}
