package io.rkproxy.redis.cluster;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.redis.BackendConnection;
import io.rkproxy.redis.ConnectionSlot;
import io.rkproxy.redis.RedisConnector;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/** One event loop's pinned connections of one tenant kept open for reuse, per master. Used only from its event loop. */
final class IdlePinned {

    /** Pinned connections kept open for reuse, per event loop and master. */
    static final int MAX_IDLE_PER_NODE = 8;

    private final ClusterPool pool;
    private final EventLoop loop;
    private final Protocol protocol;
    private final ClusterPool.Tenant tenant;
    private final Map<Address, ArrayDeque<BackendConnection>> idle = new HashMap<>();

    IdlePinned(ClusterPool pool, EventLoop loop, Protocol protocol, ClusterPool.Tenant tenant) {
        this.pool = pool;
        this.loop = loop;
        this.protocol = protocol;
        this.tenant = tenant;
    }

    /** An idle connection to {@code node} that is still open, or a new one. */
    Future<BackendConnection> take(Address node) {
        ArrayDeque<BackendConnection> open = idle.get(node);
        BackendConnection reused;
        while (open != null && (reused = open.poll()) != null) {
            if (reused.isOpen()) {
                return loop.newSucceededFuture(reused);
            }
        }
        return connector(node).connectPinned(loop, 0, protocol, reason -> { });
    }

    RedisConnector connector(Address node) {
        return pool.connector(node, tenant);
    }

    void recycle(Address node, BackendConnection connection) {
        ArrayDeque<BackendConnection> open = idle.computeIfAbsent(node, n -> new ArrayDeque<>());
        if (open.size() < MAX_IDLE_PER_NODE) {
            open.add(connection);
        } else {
            connection.close("ERR enough idle pinned connections");
        }
    }

    void close() {
        idle.values().forEach(open -> open.forEach(c -> c.close(ConnectionSlot.POOL_CLOSED)));
        idle.clear();
    }
}
