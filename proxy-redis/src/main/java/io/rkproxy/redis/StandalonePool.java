package io.rkproxy.redis;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.BackendMetadata;
import io.rkproxy.core.backend.BackendNodeStatus;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.net.Transport;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.backend.PinnedLink;
import io.rkproxy.core.backend.PushListener;
import io.rkproxy.core.backend.SubscriberLink;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pool in front of one standalone Redis. Each event loop has its own connections, per db in use, so a session
 * and its backend connection share a thread and a reply never hops between threads. A session keeps to one
 * connection, which keeps its replies in order.
 */
public final class StandalonePool implements BackendPool {

    /** Pinned connections kept open for reuse, per event loop and db. */
    static final int MAX_IDLE_PINNED = 8;

    private final PoolConfig config;
    private final RedisConnector connector;
    private final RedisConnector channelConnector;
    private final PoolHealth health;
    private final NodeStats node;
    private final EventLoop background;
    private final MetadataLoader metadataLoader;
    private final Map<EventLoop, Map<LinkKey, ConnectionSlot[]>> loops = new ConcurrentHashMap<>();
    private final Map<EventLoop, Map<LinkKey, ArrayDeque<BackendConnection>>> idlePinned = new ConcurrentHashMap<>();
    private final Map<EventLoop, Map<Protocol, ConnectionSlot[]>> channelSlots = new ConcurrentHashMap<>();

    /** Backend connections are told apart by the db they selected and the protocol they speak. */
    private record LinkKey(int db, Protocol protocol) {
    }
    /** Made once per load, not per read: every command reads it. */
    private volatile Optional<BackendMetadata> metadata = Optional.empty();
    private ScheduledFuture<?> latencyProbe;

    public StandalonePool(PoolConfig config, EventLoopGroup group) {
        this.config = config;
        this.health = new PoolHealth(config.name());
        this.node = new NodeStats(config.nodes().get(0), health);
        this.connector = new RedisConnector(config, node, Transport.of(group).socketChannel(),
                () -> metadata.map(BackendMetadata::tenantsConfined).orElse(false) ? TenantAclUser.of(config)
                        : Optional.empty(),
                this::isRepeatable);
        this.channelConnector = new RedisConnector(config, node, Transport.of(group).socketChannel(),
                Optional::empty, this::isRepeatable);
        this.background = group.next();
        this.metadataLoader = new MetadataLoader(connector, background, health, m -> metadata = Optional.of(m));
    }

    /** Starts loading the backend's metadata, and measuring latency; completes when it is known (or first fails). */
    public CompletableFuture<BackendMetadata> start() {
        latencyProbe = LatencyProbe.schedule(background, List.of(node));
        return metadataLoader.start();
    }

    private boolean isRepeatable(RespCommand command) {
        BackendMetadata known = metadata.orElse(null);
        return known != null && known.commands().get(command.name())
                .map(spec -> spec.resolve(command).isRepeatableRead()).orElse(false);
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
        ConnectionSlot[] slots = loops.computeIfAbsent(loop, l -> new HashMap<>())
                .computeIfAbsent(new LinkKey(tenant.db(), protocol), k -> newSlots(loop, connector, k));
        return slots[(int) (sessionId % slots.length)];
    }

    @Override
    public BackendLink channelLink(EventLoop loop, Protocol protocol, long sessionId) {
        ConnectionSlot[] slots = channelSlots.computeIfAbsent(loop, l -> new HashMap<>())
                .computeIfAbsent(protocol, p -> newSlots(loop, channelConnector, new LinkKey(0, p)));
        return slots[(int) (sessionId % slots.length)];
    }

    @Override
    public SubscriberLink subscribe(EventLoop loop, Protocol protocol, PushListener listener) {
        return new SubscriberConnection(channelConnector.connectPinned(loop, 0, protocol, reason -> { }), listener);
    }

    /**
     * Reuses an idle pinned connection of this loop and db when one is still open, else opens one; its WAIT counts
     * the replicas that have the session's writes ({@link StandalonePinnedLink}).
     */
    @Override
    public PinnedLink pin(EventLoop loop, TenantConfig tenant, Protocol protocol, BackendLink shared) {
        int db = tenant.db();
        ArrayDeque<BackendConnection> idle = idlePinned.computeIfAbsent(loop, l -> new HashMap<>())
                .computeIfAbsent(new LinkKey(db, protocol), k -> new ArrayDeque<>());
        BackendConnection reused;
        while ((reused = idle.poll()) != null) {
            if (reused.isOpen()) {
                return new StandalonePinnedLink(new PinnedConnection(loop.newSucceededFuture(reused), connector,
                        c -> recycle(idle, c)));
            }
        }
        return new StandalonePinnedLink(new PinnedConnection(connector.connectPinned(loop, db, protocol,
                reason -> { }), connector, c -> recycle(idle, c)));
    }

    private static void recycle(ArrayDeque<BackendConnection> idle, BackendConnection connection) {
        if (idle.size() < MAX_IDLE_PINNED) {
            idle.add(connection);
        } else {
            connection.close("ERR enough idle pinned connections");
        }
    }

    @Override
    public void killScript(EventLoop loop, RespCommand command, ReplyCallback callback) {
        channelConnector.killScript(loop, command, callback);
    }

    @Override
    public List<BackendNodeStatus> nodeStatus() {
        return List.of(node.status(Optional.empty()));
    }

    @Override
    public Optional<String> unavailableReason() {
        return health.downReason();
    }

    @Override
    public void close() {
        metadataLoader.stop();
        if (latencyProbe != null) {
            latencyProbe.cancel(false);
        }
        loops.forEach((loop, slots) -> loop.execute(() -> slots.values().forEach(s -> {
            for (ConnectionSlot slot : s) {
                slot.close(ConnectionSlot.POOL_CLOSED);
            }
        })));
        channelSlots.forEach((loop, byProtocol) -> loop.execute(() -> byProtocol.values().forEach(s -> {
            for (ConnectionSlot slot : s) {
                slot.close(ConnectionSlot.POOL_CLOSED);
            }
        })));
        idlePinned.forEach((loop, byDb) -> loop.execute(() -> byDb.values()
                .forEach(idle -> idle.forEach(c -> c.close(ConnectionSlot.POOL_CLOSED)))));
    }

    private ConnectionSlot[] newSlots(EventLoop loop, RedisConnector via, LinkKey key) {
        ConnectionSlot[] slots = new ConnectionSlot[config.connectionsPerNode()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new ConnectionSlot(loop, via, key.db(), key.protocol());
        }
        return slots;
    }
}
