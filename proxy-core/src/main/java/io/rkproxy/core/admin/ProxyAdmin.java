package io.rkproxy.core.admin;

import io.netty.channel.Channel;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.KafkaGateway;
import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.LatencyHistogram;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.SlowLog;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.reload.ConfigLoadStatus;
import io.rkproxy.core.reload.ConfigReloader;
import io.rkproxy.core.reload.Fleet;
import io.rkproxy.core.reload.FleetMember;
import io.rkproxy.core.reload.TenantEditor;
import io.rkproxy.core.runtime.ClientView;
import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.core.runtime.ProxySnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console and the PROXY commands show and do: the fleet, the pools, the tenants with their figures, the
 * slow log, the config loads, reload, and the closing of a tenant's sessions. One per node; thread-safe.
 */
public final class ProxyAdmin {

    private static final Logger log = LoggerFactory.getLogger(ProxyAdmin.class);

    private final ProxyRuntime runtime;
    private final ConfigReloader reloader;
    private final Fleet fleet;

    public ProxyAdmin(ProxyRuntime runtime, ConfigReloader reloader, Fleet fleet) {
        this.runtime = runtime;
        this.reloader = reloader;
        this.fleet = fleet;
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    public List<FleetMember> nodes() {
        return fleet.members().stream().sorted(Comparator.comparing(FleetMember::id)).toList();
    }

    public List<PoolView> pools() {
        ProxySnapshot snapshot = runtime.snapshot();
        List<PoolView> out = new ArrayList<>();
        for (BackendPool pool : snapshot.pools().values()) {
            out.add(new PoolView(pool.config().name(), pool.config().type().key(),
                    pool.config().nodes().stream().map(Object::toString).toList(), pool.unavailableReason(),
                    pool.nodeStatus()));
        }
        for (KafkaGateway pool : snapshot.kafkaPools().values()) {
            out.add(new PoolView(pool.config().name(), "kafka", pool.config().bootstrap().stream().map(Object::toString).toList(),
                    pool.unavailableReason(), List.of()));
        }
        out.sort(Comparator.comparing(PoolView::name));
        return out;
    }

    public List<TenantView> tenants() {
        return runtime.snapshot().config().tenants().values().stream()
                .sorted(Comparator.comparing(TenantConfig::name)).map(this::view).toList();
    }

    public Optional<TenantView> tenant(String name) {
        return runtime.snapshot().tenant(name).map(this::view);
    }

    private TenantView view(TenantConfig t) {
        TenantMeters m = runtime.meters().meters(t.name());
        LatencyHistogram.Snapshot latency = m.latency().snapshot();
        Map<String, Long> refusals = new LinkedHashMap<>();
        for (Refusal r : Refusal.values()) {
            refusals.put(r.name().toLowerCase(Locale.ROOT), m.refusals(r));
        }
        String isolation = !t.hasRedisPool() ? "" : t.hasKeyPrefix() ? "prefix " + t.keyPrefix() : "db " + t.db();
        String kafkaPool = t.kafka().filter(k -> k.streams().isEmpty()).map(KafkaAccess::pool).orElse("");
        return new TenantView(t.name(), t.hasRedisPool() ? t.pool() : "", kafkaPool, isolation, t.readOnly(),
                t.admin(), t.maxConnections(),
                t.maxOpsPerSecond(), t.maxRequestBytes(), m.connections().get(), m.opsPerSecond(), m.commands(),
                m.errors(), refusals, latency.quantileMicros(0.5), latency.quantileMicros(0.99), m.bytesIn(),
                m.bytesOut(), m.bigRequests(), m.bigReplies(), runtime.authenticator().failures().tenant(t.name()));
    }

    /** Failed AUTHs since the start by the tenant they named: every tenant in force, and earlier ones that had any. */
    public Map<String, Long> authFailuresByTenant() {
        Map<String, Long> byTenant = new TreeMap<>(runtime.authenticator().failures().byTenant());
        runtime.snapshot().config().tenants().keySet().forEach(tenant -> byTenant.putIfAbsent(tenant, 0L));
        return byTenant;
    }

    public List<SlowLog.Entry> slowlog(int n) {
        return runtime.slowLog().latest(n);
    }

    public ConfigLoadStatus lastLoad() {
        return reloader.lastLoad();
    }

    public ConfigLoadStatus lastAccepted() {
        return reloader.lastAccepted();
    }

    public String configSource() {
        return reloader.source();
    }

    /** Whether this node is connected to ZooKeeper now; empty with the file source. */
    public Optional<Boolean> zooKeeperConnected() {
        return reloader.sourceConnected();
    }

    /** Loads the config now, whatever the source's watch has seen. */
    public ConfigLoadStatus reload(String trigger) {
        return reloader.reload(trigger);
    }

    /** {@link #reload}, run on the reloader's thread: for callers on an event loop. */
    public CompletableFuture<ConfigLoadStatus> reloadAsync(String trigger) {
        return reloader.reloadAsync(trigger);
    }

    /** A tenant change the console made: what it wrote, and the load of the config it made on this node. */
    public record TenantChange(TenantEditor.TenantEdit edit, ConfigLoadStatus load) {
    }

    /** How the console changes tenants in the config source; empty when the source does not allow it. */
    public Optional<TenantEditor> tenantEditor() {
        return reloader.tenantEditor();
    }

    /**
     * Changes tenant {@code name} in the config source, validated as a load validates, then loads the config on
     * this node (other nodes load it as their watch sees the change). Nothing changes when the change is invalid.
     */
    public TenantChange editTenant(String name, TenantEditor.Change change, String trigger)
            throws ConfigException, TenantEditor.EditConflict {
        TenantEditor editor = tenantEditor().orElseThrow(() -> new ConfigException(
                configSource() + ": tenants of this source cannot be changed from the console"));
        TenantEditor.TenantEdit edit = editor.edit(name, change);
        log.info("tenant '{}' {} in {} ({})", name, edit.after() == null ? "deleted" : "written", configSource(),
                trigger);
        return new TenantChange(edit, reloader.reload(trigger));
    }

    /**
     * Closes this node's sessions of tenant {@code name}, each with an error that says why: all of them, or with
     * {@code stale} only those whose password or certificate no longer lets them in (see {@link ClientView#stale}).
     * The session {@code
     * except} (the caller's own; -1 for none) is spared. Empty when there is no such tenant, else how many were
     * closed.
     */
    public OptionalInt killSessions(String name, boolean stale, long except) {
        ProxyConfig current = runtime.snapshot().config();
        if (current.tenant(name).isEmpty()) {
            return OptionalInt.empty();
        }
        String error = stale ? RespErrors.credentialRevoked(name) : RespErrors.closedByOperator(name);
        int killed = 0;
        for (Channel channel : runtime.clients()) {
            ClientView session = channel.attr(ClientView.KEY).get();
            if (session != null && session.id() != except && name.equals(session.tenantName())
                    && (!stale || session.stale(current))) {
                session.kill(error);
                killed++;
            }
        }
        log.info("closing {} {}session(s) of tenant '{}' at an operator's request", killed, stale ? "stale " : "", name);
        return OptionalInt.of(killed);
    }

    /** True while the node serves; false once it drains for shutdown. */
    public boolean serving() {
        return !runtime.draining();
    }
}
