package io.rkproxy.redis.cluster;

import io.netty.channel.EventLoop;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.redis.ConnectionSlot;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * One event loop's shared connections to the cluster's masters, for one protocol and one tenant:
 * {@code connections-per-node} per master, opened on first use. Used only from its event loop.
 */
final class NodeLinks {

    private final ClusterPool pool;
    private final EventLoop loop;
    private final Protocol protocol;
    private final ClusterPool.Tenant tenant;
    private final int perNode;
    private final Map<Address, ConnectionSlot[]> nodes = new HashMap<>();

    NodeLinks(ClusterPool pool, EventLoop loop, Protocol protocol, ClusterPool.Tenant tenant, int perNode) {
        this.pool = pool;
        this.loop = loop;
        this.protocol = protocol;
        this.tenant = tenant;
        this.perNode = perNode;
    }

    EventLoop loop() {
        return loop;
    }

    Protocol protocol() {
        return protocol;
    }

    ClusterPool.Tenant tenant() {
        return tenant;
    }

    /** Connection {@code index} to {@code node}. */
    ConnectionSlot to(Address node, int index) {
        ConnectionSlot[] slots = nodes.get(node);
        if (slots == null) {
            slots = new ConnectionSlot[perNode];
            for (int i = 0; i < perNode; i++) {
                slots[i] = new ConnectionSlot(loop, pool.connector(node, tenant), 0, protocol);
            }
            nodes.put(node, slots);
        }
        return slots[index];
    }

    /** Every open connection, for the writability check. */
    Collection<ConnectionSlot[]> all() {
        return nodes.values();
    }

    /**
     * Closes the connections to nodes not in {@code keep}, so nothing keeps reconnecting to them; what is in flight
     * there is told the node left the pool's slot map.
     */
    void retainOnly(Collection<Address> keep) {
        nodes.entrySet().removeIf(e -> {
            if (keep.contains(e.getKey())) {
                return false;
            }
            for (ConnectionSlot slot : e.getValue()) {
                slot.close(RespErrors.poolUnavailable(pool.config().name(), "node " + e.getKey()
                        + " is no longer a master of the cluster (failover or removal)"));
            }
            return true;
        });
    }

    void close() {
        nodes.values().forEach(slots -> {
            for (ConnectionSlot slot : slots) {
                slot.close(ConnectionSlot.POOL_CLOSED);
            }
        });
        nodes.clear();
    }
}
