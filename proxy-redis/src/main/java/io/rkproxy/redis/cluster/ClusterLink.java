package io.rkproxy.redis.cluster;

import io.netty.channel.EventLoop;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.command.ConnectionEffect;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.redis.ConnectionSlot;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A session's path into a cluster. A command with keys goes to the master of their slot; one whose keys span slots
 * is split ({@link MultiKeySplit}, {@link XReadSplit}), computed with the help of one node ({@link CrossSlotSets})
 * or refused with CROSSSLOT; a keyless one goes to any master, or to every master when the answer covers them all
 * ({@link FanOut}, {@link ClusterScan}). Redirections are followed by {@link RedirectingCallback}, so the client
 * never sees one. It remembers where the session wrote, for WAIT ({@link SessionWrites}). Used only from its event
 * loop.
 */
final class ClusterLink implements BackendLink, ClusterRoute {

    static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";

    private final ClusterPool pool;
    private final NodeLinks nodes;
    private final NodeLinks keyspace;
    private final int index;
    private final SessionWrites writes = new SessionWrites();

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
        CommandSpec spec = pool.spec(command);
        boolean isWrite = SessionWrites.writes(spec);
        if (FanOut.handles(command)) {
            if (isWrite) {
                table.masters().forEach(writes::node);
            }
            FanOut.run(this, table, command, callback);
            return;
        }
        if (command.name().equals("scan")) {
            ClusterScan.run(this, table, command, callback);
            return;
        }
        int[] keys = spec == null ? new int[0] : spec.keyIndexes(command);
        if (keys.length == 0) {
            Address target = command.name().equals("publish") ? ClusterPool.pubSubNode(table) : anyMaster(table);
            if (isWrite) {
                writes.node(target);
            }
            sendTo(target, command, callback);
            return;
        }
        int slot = SlotHash.slot(command.arg(keys[0]));
        boolean oneSlot = true;
        for (int i = 0; i < keys.length; i++) {
            int keySlot = i == 0 ? slot : SlotHash.slot(command.arg(keys[i]));
            oneSlot &= keySlot == slot;
            if (isWrite) {
                writes.slot(keySlot);
            }
        }
        if (oneSlot) {
            sendToSlot(slot, command, callback);
        } else {
            crossSlot(command, spec, keys, callback);
        }
    }

    /** Records that a write of the session's went to {@code node} over another connection (its pinned one). */
    void wroteTo(Address node) {
        writes.node(node);
    }

    /** The masters the session wrote to since the last call; see {@link SessionWrites}. */
    Set<Address> mastersWrittenSinceLastWait(SlotTable table) {
        return writes.takeMasters(table);
    }

    private void crossSlot(RespCommand command, CommandSpec spec, int[] keys, ReplyCallback callback) {
        if (MultiKeySplit.handles(command)) {
            MultiKeySplit.run(this, command, keys, callback);
        } else if (CrossSlotSets.handles(command)) {
            CrossSlotSets.run(this, command, keys, callback);
        } else if (XReadSplit.handles(command, ConnectionEffect.of(spec, command) == ConnectionEffect.BLOCKS)) {
            XReadSplit.run(this, command, keys, callback);
        } else {
            command.release();
            callback.onError(crossSlotError(command));
        }
    }

    /** The CROSSSLOT error for a command whose keys span slots and which the proxy cannot split or compute. */
    static String crossSlotError(RespCommand command) {
        return switch (command.name()) {
            case "msetnx" -> CROSSSLOT + " (MSETNX cannot be atomic across slots; use keys with a common {hash tag})";
            case "xread", "xreadgroup" -> XReadSplit.BLOCK_ACROSS_SLOTS;
            default -> CROSSSLOT;
        };
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
