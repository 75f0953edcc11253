package io.rkproxy.redis;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.BackendMetadata;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.net.Transport;
import java.util.HashMap;
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

    private final PoolConfig config;
    private final RedisConnector connector;
    private final PoolHealth health;
    private final MetadataLoader metadataLoader;
    private final Map<EventLoop, Map<Integer, ConnectionSlot[]>> loops = new ConcurrentHashMap<>();
    private volatile BackendMetadata metadata;

    StandalonePool(PoolConfig config, EventLoopGroup group) {
        this.config = config;
        this.connector = new RedisConnector(config, Transport.of(group).socketChannel());
        this.health = new PoolHealth(config.name());
        this.metadataLoader = new MetadataLoader(connector, group.next(), health, m -> metadata = m);
    }

    /** Starts loading the backend's metadata; completes when it is known (or first fails). */
    CompletableFuture<BackendMetadata> start() {
        return metadataLoader.start();
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public Optional<BackendMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    @Override
    public BackendLink link(EventLoop loop, int db, long sessionId) {
        ConnectionSlot[] slots = loops.computeIfAbsent(loop, l -> new HashMap<>())
                .computeIfAbsent(db, d -> newSlots(loop, d));
        return slots[(int) (sessionId % slots.length)];
    }

    @Override
    public Optional<String> unavailableReason() {
        return health.downReason();
    }

    @Override
    public void close() {
        metadataLoader.stop();
        loops.forEach((loop, slots) -> loop.execute(() -> slots.values().forEach(s -> {
            for (ConnectionSlot slot : s) {
                slot.close();
            }
        })));
    }

    private ConnectionSlot[] newSlots(EventLoop loop, int db) {
        ConnectionSlot[] slots = new ConnectionSlot[config.connectionsPerNode()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new ConnectionSlot(loop, connector, db, health);
        }
        return slots;
    }
}
