package io.rkproxy.redis.cluster;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.BackendMetadata;
import io.rkproxy.core.backend.BackendNodeStatus;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.PinnedLink;
import io.rkproxy.core.backend.PushListener;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.SubscriberLink;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.net.Transport;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.redis.LatencyProbe;
import io.rkproxy.redis.MetadataLoader;
import io.rkproxy.redis.NodeStats;
import io.rkproxy.redis.PoolHealth;
import io.rkproxy.redis.RedisConnector;
import io.rkproxy.redis.TenantAclUser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool in front of a Redis Cluster. The slot map comes from the seeds and is kept fresh by {@link ClusterTopology};
 * each event loop has its own connections to each master, and a session's {@link ClusterLink} sends every command
 * to the master of its keys' slot.
 */
public final class ClusterPool implements BackendPool {

    private static final Logger log = LoggerFactory.getLogger(ClusterPool.class);
    /** A storm of MOVED replies or connection failures costs at most one slot-map query per this interval. */
    static final long MIN_REFRESH_INTERVAL_MS = 100;

    private final PoolConfig config;
    private final EventLoop topologyLoop;
    private final Class<? extends Channel> channelType;
    private final ClusterTopology topology;
    private final Map<Owner, RedisConnector> connectors = new ConcurrentHashMap<>();
    private final Map<Address, NodeStats> nodes = new ConcurrentHashMap<>();
    private final Map<EventLoop, Map<LinkKey, NodeLinks>> links = new ConcurrentHashMap<>();
    private final Map<EventLoop, Map<LinkKey, IdlePinned>> idlePinned = new ConcurrentHashMap<>();

    /**
     * Whose commands a connection carries: one tenant's, as its own backend user whose keys are limited to its
     * prefix, or (for channels, which tenants' prefixes already keep apart) the pool's own.
     */
    record Tenant(String name, String keyPrefix) {
        static final Tenant POOL = new Tenant("", "");
    }

    private record Owner(Address node, Tenant tenant) {
    }

    private record LinkKey(Protocol protocol, Tenant tenant) {
    }
    /** Made once per load, not per read: every command reads it. */
    private volatile Optional<BackendMetadata> metadata = Optional.empty();
    private volatile MetadataLoader metadataLoader;
    private volatile String downReason;
    private ScheduledFuture<?> periodicRefresh;
    private ScheduledFuture<?> latencyProbe;

    public ClusterPool(PoolConfig config, EventLoopGroup group) {
        this.config = config;
        this.topologyLoop = group.next();
        this.channelType = Transport.of(group).socketChannel();
        this.topology = new ClusterTopology(config, topologyLoop,
                ClusterTopology.through(config, topologyLoop, channelType),
                TimeUnit.MILLISECONDS.toNanos(MIN_REFRESH_INTERVAL_MS), System::nanoTime);
    }

    /**
     * Loads the slot map, then the commands from one master; completes when both are known. Starts measuring the
     * nodes' latency too.
     */
    public CompletableFuture<BackendMetadata> start() {
        CompletableFuture<BackendMetadata> ready = new CompletableFuture<>();
        loadTopology(ready, 50);
        long every = config.topologyRefresh().toMillis();
        periodicRefresh = topologyLoop.scheduleAtFixedRate(this::refresh, every, every, TimeUnit.MILLISECONDS);
        latencyProbe = LatencyProbe.schedule(topologyLoop, nodes.values());
        return ready;
    }

    private void loadTopology(CompletableFuture<BackendMetadata> ready, long backoffMs) {
        topology.refresh().whenComplete((table, error) -> {
            if (error != null) {
                downReason = RespErrors.poolUnavailable(config.name(), error.getMessage());
                log.warn("pool '{}': {}", config.name(), error.getMessage());
                ready.completeExceptionally(error);
                long next = Math.min(backoffMs * 2, config.maxReconnectBackoff().toMillis());
                topologyLoop.schedule(() -> loadTopology(ready, next), backoffMs, TimeUnit.MILLISECONDS);
                return;
            }
            downReason = null;
            log.info("pool '{}': cluster of {} masters", config.name(), table.mastersInSlotOrder().size());
            Address first = table.mastersInSlotOrder().get(0);
            MetadataLoader loader = new MetadataLoader(connector(first, Tenant.POOL), topologyLoop,
                    node(first).health(), m -> metadata = Optional.of(m));
            metadataLoader = loader;
            loader.start().whenComplete((m, e) -> {
                if (e == null) {
                    ready.complete(metadata.orElse(null));
                } else {
                    ready.completeExceptionally(e);
                }
            });
        });
    }

    /**
     * Asks for a slot-map refresh, rate-limited; connections to nodes that left or failed are closed once it is in.
     */
    void refresh() {
        topology.refresh().thenAccept(table -> links.forEach((loop, byProtocol) -> loop.execute(() ->
                byProtocol.values().forEach(nodes -> nodes.retainOnly(table.connectableNodes())))));
    }

    ClusterTopology topology() {
        return topology;
    }

    /** The resolved spec of a command (its subcommand's, for a container), or null for one the backend lacks. */
    CommandSpec spec(RespCommand command) {
        BackendMetadata m = metadata.orElse(null);
        if (m == null) {
            return null;
        }
        return m.commands().get(command.name()).map(spec -> spec.resolve(command)).orElse(null);
    }

    /** How to connect to {@code node} for {@code tenant}: as its own ACL user once the backend has accepted one. */
    RedisConnector connector(Address node, Tenant tenant) {
        return connectors.computeIfAbsent(new Owner(node, tenant), o -> new RedisConnector(config, node(node),
                channelType, () -> tenant == Tenant.POOL
                        || !metadata.map(BackendMetadata::tenantsConfined).orElse(false)
                        ? Optional.empty() : TenantAclUser.forKeyPrefix(config, tenant.name(), tenant.keyPrefix()),
                command -> {
                    CommandSpec spec = spec(command);
                    return spec != null && spec.isRepeatableRead();
                }));
    }

    /** What this pool knows of {@code node}; every connection to it, whoever it is for, counts there. */
    private NodeStats node(Address node) {
        return nodes.computeIfAbsent(node, n -> new NodeStats(n, new PoolHealth(config.name() + "' node '" + n)));
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public Optional<BackendMetadata> metadata() {
        return metadata;
    }

    @Override
    public BackendLink link(EventLoop loop, TenantConfig tenant, Protocol protocol, long sessionId) {
        return link(loop, of(tenant), protocol, sessionId);
    }

    @Override
    public BackendLink channelLink(EventLoop loop, Protocol protocol, long sessionId) {
        return link(loop, Tenant.POOL, protocol, sessionId);
    }

    /**
     * A tenant whose keys share the keyspace with other tenants' may not list keys as its own backend user (a
     * script could list everyone's), so the proxy's KEYS and SCAN for it go over the pool's own connections.
     */
    private ClusterLink link(EventLoop loop, Tenant tenant, Protocol protocol, long sessionId) {
        NodeLinks nodes = nodeLinks(loop, tenant, protocol);
        NodeLinks keyspace = tenant.keyPrefix().isEmpty() ? nodes : nodeLinks(loop, Tenant.POOL, protocol);
        return new ClusterLink(this, nodes, keyspace, (int) (sessionId % config.connectionsPerNode()));
    }

    private NodeLinks nodeLinks(EventLoop loop, Tenant tenant, Protocol protocol) {
        return links.computeIfAbsent(loop, l -> new ConcurrentHashMap<>())
                .computeIfAbsent(new LinkKey(protocol, tenant), k -> new NodeLinks(this, loop, protocol, tenant,
                        config.connectionsPerNode()));
    }

    /**
     * The session's own {@code shared} link carries on with what the pinned link does not keep to itself, and knows
     * where the session wrote, for WAIT.
     */
    @Override
    public PinnedLink pin(EventLoop loop, TenantConfig tenant, Protocol protocol, BackendLink shared) {
        Tenant owner = of(tenant);
        IdlePinned idle = idlePinned.computeIfAbsent(loop, l -> new ConcurrentHashMap<>())
                .computeIfAbsent(new LinkKey(protocol, owner), k -> new IdlePinned(this, loop, protocol, owner));
        return new ClusterPinnedLink(this, idle, shared instanceof ClusterLink own ? own
                : link(loop, owner, protocol, 0));
    }

    /**
     * A transaction runs on one master, so a command whose answer covers every master (KEYS, SCAN, DBSIZE, ...)
     * would see one master's keys there: refused, as Redis Cluster refuses keys of another slot inside MULTI.
     */
    @Override
    public Optional<String> refusedInTransaction(RespCommand command) {
        return FanOut.coversEveryMaster(command) ? Optional.of(FanOut.notInTransaction(command)) : Optional.empty();
    }

    private static Tenant of(TenantConfig tenant) {
        return new Tenant(tenant.name(), tenant.keyPrefix());
    }

    @Override
    public SubscriberLink subscribe(EventLoop loop, Protocol protocol, PushListener listener) {
        return new ClusterSubscriberLink(this, loop, protocol, listener, pubSubNode(topology.current()));
    }

    /**
     * Where channel and pattern subscriptions and PUBLISH go: the master of slot 0. A cluster delivers a PUBLISH
     * to every node's subscribers but counts only its own, so one node for all of them keeps the count right; a
     * failover hands the role to the promoted replica.
     */
    static Address pubSubNode(SlotTable table) {
        return table.mastersInSlotOrder().get(0);
    }

    /** Every master gets the kill; the tenant hears of the one that stopped something, if any did. */
    @Override
    public void killScript(EventLoop loop, RespCommand command, ReplyCallback callback) {
        SlotTable table = topology.current();
        if (table == null) {
            command.release();
            callback.onError(unavailableReason().orElse(ClusterLink.CLUSTER_DOWN));
            return;
        }
        List<Address> masters = table.mastersInSlotOrder();
        KillReplies replies = new KillReplies(masters.size(), callback);
        for (int i = 0; i < masters.size(); i++) {
            connector(masters.get(i), Tenant.POOL).killScript(loop, i == masters.size() - 1 ? command
                    : command.retain(), replies.part());
        }
    }

    /**
     * Every node of the slot map, masters and replicas, or the seeds before it is loaded. A node is down when the
     * pool's connections to it say so, or else when the cluster reports it failed or loading, which is all that is
     * known of a replica: the proxy does not connect to replicas.
     */
    @Override
    public List<BackendNodeStatus> nodeStatus() {
        SlotTable table = topology.current();
        if (table == null) {
            Optional<String> notLoaded = Optional.ofNullable(downReason);
            return config.nodes().stream().map(n -> node(n).status(notLoaded)).toList();
        }
        return table.nodes().stream().map(n -> node(n).status(table.troubleOf(n).map(trouble ->
                RespErrors.poolUnavailable(config.name(), "node " + n + ": the cluster reports it " + trouble))))
                .toList();
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(downReason);
    }

    @Override
    public void close() {
        if (periodicRefresh != null) {
            periodicRefresh.cancel(false);
            latencyProbe.cancel(false);
        }
        MetadataLoader loader = metadataLoader;
        if (loader != null) {
            loader.stop();
        }
        links.forEach((loop, byProtocol) -> loop.execute(() -> byProtocol.values().forEach(NodeLinks::close)));
        idlePinned.forEach((loop, byProtocol) -> loop.execute(() -> byProtocol.values().forEach(IdlePinned::close)));
    }

}
