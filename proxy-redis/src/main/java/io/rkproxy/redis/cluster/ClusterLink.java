package io.rkproxy.redis.cluster;

import io.netty.channel.EventLoop;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.redis.ConnectionSlot;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A session's path into a cluster. A command with keys goes to the master of their slot; one whose keys span slots
 * is split ({@link MultiKeySplit}), computed with the help of one node ({@link CrossSlotSets}) or refused with CROSSSLOT; a
 * keyless one goes to any master, or to every master when the answer covers them all ({@link FanOut},
 * {@link ClusterScan}). Redirections are followed by {@link RedirectingCallback}, so the client never sees one.
 * Used only from its event loop.
 */
final class ClusterLink implements BackendLink, ClusterRoute {

    static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";

    private final ClusterPool pool;
    private final NodeLinks nodes;
    private final NodeLinks keyspace;
    private final int index;

    /** @param keyspace the connections that KEYS and SCAN go over; see {@link ClusterPool} */
    ClusterLink(ClusterPool pool, NodeLinks nodes, NodeLinks keyspace, int index) {
        this.pool = pool;
        this.nodes = nodes;
        this.keyspace = keyspace;
        this.index = index;
    }

    @Override
    public void send(RespCommand command, ReplyCallback callback) {
        SlotTable table = pool.topology().current();
        if (table == null) {
            command.release();
            callback.onError(pool.unavailableReason().orElse(CLUSTER_DOWN));
            return;
        }
        if (FanOut.handles(command)) {
            FanOut.run(this, table, command, callback);
            return;
        }
        if (command.name().equals("scan")) {
            ClusterScan.run(this, table, command, callback);
            return;
        }
        CommandSpec spec = pool.spec(command);
        int[] keys = spec == null ? new int[0] : spec.keyIndexes(command);
        if (keys.length == 0) {
            sendTo(command.name().equals("publish") ? ClusterPool.pubSubNode(table) : anyMaster(table), command,
                    callback);
            return;
        }
        int slot = SlotHash.slot(command.arg(keys[0]));
        for (int i = 1; i < keys.length; i++) {
            if (SlotHash.slot(command.arg(keys[i])) != slot) {
                crossSlot(command, keys, callback);
                return;
            }
        }
        sendToSlot(slot, command, callback);
    }

    private void crossSlot(RespCommand command, int[] keys, ReplyCallback callback) {
        if (MultiKeySplit.handles(command)) {
            MultiKeySplit.run(this, command, keys, callback);
        } else if (CrossSlotSets.handles(command)) {
            CrossSlotSets.run(this, command, keys, callback);
        } else {
            command.release();
            callback.onError(command.name().equals("msetnx")
                    ? CROSSSLOT + " (MSETNX cannot be atomic across slots; use keys with a common {hash tag})"
                    : CROSSSLOT);
        }
    }

    static final String CLUSTER_DOWN = "CLUSTERDOWN The cluster is down";

    @Override
    public void sendToSlot(int slot, RespCommand command, ReplyCallback callback) {
        Optional<Address> owner = masterOf(slot);
        if (owner.isEmpty()) {
            command.release();
            refresh();
            callback.onError("CLUSTERDOWN Hash slot not served");
            return;
        }
        sendTo(owner.get(), command, new RedirectingCallback(this, slot, owner.get(), command.retain(),
                callback));
    }

    @Override
    public void sendTo(Address node, RespCommand command, ReplyCallback callback) {
        nodes.to(node, index).send(command, callback);
    }

    @Override
    public void sendKeyspaceQuery(Address node, RespCommand command, ReplyCallback callback) {
        keyspace.to(node, index).send(command, callback);
    }

    Address anyMaster(SlotTable table) {
        List<Address> masters = table.mastersInSlotOrder();
        return masters.get(ThreadLocalRandom.current().nextInt(masters.size()));
    }

    @Override
    public String keyPrefix() {
        return nodes.tenant().keyPrefix();
    }

    @Override
    public Protocol protocol() {
        return nodes.protocol();
    }

    @Override
    public String poolName() {
        return pool.config().name();
    }

    @Override
    public Optional<Address> masterOf(int slot) {
        return pool.topology().current().masterOf(slot);
    }

    @Override
    public void moved(int slot, Address master) {
        pool.topology().moved(slot, master);
    }

    @Override
    public void refresh() {
        pool.refresh();
    }

    @Override
    public EventLoop loop() {
        return nodes.loop();
    }

    @Override
    public boolean isWritable() {
        for (ConnectionSlot[] slots : nodes.all()) {
            if (!slots[index].isWritable()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void whenWritable(Runnable task) {
        for (ConnectionSlot[] slots : nodes.all()) {
            if (!slots[index].isWritable()) {
                slots[index].whenWritable(() -> whenWritable(task));
                return;
            }
        }
        task.run();
    }

}
