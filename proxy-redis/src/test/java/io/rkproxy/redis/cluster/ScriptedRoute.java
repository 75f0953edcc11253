package io.rkproxy.redis.cluster;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.redis.RespValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ClusterRoute} without servers: it keeps each command sent (releasing it, as a connection does once it has
 * written it), for the test to answer in any order, and keeps a slot map of its own. Its event loop is an
 * {@link EmbeddedChannel}'s, whose time the test moves.
 */
final class ScriptedRoute implements ClusterRoute {

    static final String POOL = "big";
    static final String KEY_PREFIX = "t1:";

    /**
     * One command sent: where to ({@code slot 42}, a node's {@code host:port}, or {@code keyspace host:port} for
     * the connection KEYS and SCAN go over), the command, and the callback to answer.
     */
    record Sent(String to, String command, ReplyCallback callback) {

        void answer(RespValue reply) {
            callback.onReply(RespValues.frame(reply));
        }

        void fail(String redisError) {
            callback.onError(redisError);
        }

        @Override
        public String toString() {
            return to + ": " + command;
        }
    }

    final EmbeddedChannel channel = new EmbeddedChannel();
    /** The MOVED redirections recorded, as {@code slot -> host:port}. */
    final List<String> moves = new ArrayList<>();
    int refreshes;
    private final Protocol protocol;
    private final List<Sent> sent = new ArrayList<>();
    private SlotTable table;

    /** @param masters share the slots between them evenly, in this order */
    ScriptedRoute(Protocol protocol, Address... masters) {
        this.protocol = protocol;
        this.table = evenlyOver(masters);
    }

    /** A slot map whose masters serve equal ranges of slots, in the order given. */
    static SlotTable evenlyOver(Address... masters) {
        return SlotTable.fromSlots(clusterSlots(masters));
    }

    /** The {@code CLUSTER SLOTS} reply of a cluster whose masters serve equal ranges of slots, in the order given. */
    static RespValue clusterSlots(Address... masters) {
        List<RespValue> ranges = new ArrayList<>();
        int per = SlotHash.SLOT_COUNT / masters.length;
        for (int i = 0; i < masters.length; i++) {
            int last = i == masters.length - 1 ? SlotHash.SLOT_COUNT - 1 : (i + 1) * per - 1;
            ranges.add(RespValues.array(RespValues.integer(i * per), RespValues.integer(last),
                    RespValues.array(RespValues.bulk(masters[i].host()), RespValues.integer(masters[i].port()))));
        }
        return new RespValue.Array(ranges);
    }

    SlotTable table() {
        return table;
    }

    /** Takes the commands sent since the last call, in the order they were sent. */
    List<Sent> take() {
        List<Sent> taken = List.copyOf(sent);
        sent.clear();
        return taken;
    }

    /** Commands sent, each as {@code to: command}. */
    static List<String> lines(List<Sent> sent) {
        return sent.stream().map(Sent::toString).toList();
    }

    private void keep(String to, RespCommand command, ReplyCallback callback) {
        sent.add(new Sent(to, RespValues.text(command), callback));
        command.release();
    }

    @Override
    public void sendToSlot(int slot, RespCommand command, ReplyCallback callback) {
        keep("slot " + slot, command, callback);
    }

    @Override
    public void sendTo(Address node, RespCommand command, ReplyCallback callback) {
        keep(node.toString(), command, callback);
    }

    @Override
    public void sendKeyspaceQuery(Address node, RespCommand command, ReplyCallback callback) {
        keep("keyspace " + node, command, callback);
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public String keyPrefix() {
        return KEY_PREFIX;
    }

    @Override
    public String poolName() {
        return POOL;
    }

    @Override
    public Optional<Address> masterOf(int slot) {
        return table.masterOf(slot);
    }

    @Override
    public void moved(int slot, Address master) {
        moves.add(slot + " -> " + master);
        table = table.withSlot(slot, master);
    }

    @Override
    public void refresh() {
        refreshes++;
    }

    @Override
    public EventLoop loop() {
        return channel.eventLoop();
    }
}
