package io.rkproxy.redis.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.rkproxy.core.backend.PinnedLink;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.command.ConnectionEffect;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.redis.PinnedConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A session's own connection into a cluster, for blocking commands, MULTI and WATCH. It is opened to the master of
 * the first key it sees. Until then, MULTI and keyless commands queued after it are answered by the proxy (+OK,
 * +QUEUED) and replayed on the connection once it is open, their replies dropped: the node is not known before
 * the transaction names a key. Inside MULTI every command goes to that node, as in Redis Cluster, where a command
 * for another slot dooms the transaction. Outside MULTI only what takes or gives up state (WATCH, UNWATCH, a
 * blocking command) runs here; everything else takes the session's shared link, as it would unpinned. WAIT
 * outside MULTI goes to the masters the session wrote to instead ({@link ClusterWait}). Used only from its event loop.
 */
final class ClusterPinnedLink implements PinnedLink {

    private final ClusterPool pool;
    private final IdlePinned idle;
    private final ClusterLink shared;
    private final ClusterWait waits;
    /** MULTI and what was queued after it before the transaction named a key; already answered. */
    private final ArrayDeque<RespCommand> deferred = new ArrayDeque<>();
    /** WAITs that came while commands sent over the shared link were unanswered; see {@link #waitForWrites}. */
    private final ArrayDeque<DeferredWait> waitsForShared = new ArrayDeque<>();
    private Address node;
    private PinnedConnection connection;
    private Consumer<ByteBuf> pushListener;
    private boolean inMulti;
    private int sharedOutstanding;

    ClusterPinnedLink(ClusterPool pool, IdlePinned idle, ClusterLink shared) {
        this.pool = pool;
        this.idle = idle;
        this.shared = shared;
        this.waits = new ClusterWait(idle, shared);
    }

    @Override
    public void send(RespCommand command, ReplyCallback callback) {
        boolean transactional = inMulti;
        switch (command.name()) {
            case "multi" -> inMulti = true;
            case "exec", "discard" -> inMulti = false;
            default -> {
            }
        }
        SlotTable table = pool.topology().current();
        CommandSpec spec = pool.spec(command);
        if (!transactional && !inMulti && !holdsState(spec, command)) {
            sendShared(command, callback);
            return;
        }
        boolean inTransaction = transactional || inMulti;
        if (!inTransaction && table != null && command.name().equals("wait")) {
            waitForWrites(command, table, callback);
            return;
        }
        int[] keys = spec == null || table == null ? new int[0] : spec.keyIndexes(command);
        if (!inTransaction && spansSlots(command, keys)) {
            // Redis Cluster's own refusal, without a connection opened for it; XREAD's says what works instead
            command.release();
            callback.onError(ClusterLink.crossSlotError(command));
            return;
        }
        if (node == null && keys.length == 0 && inMulti && !endsState(command)) {
            deferred.add(command);
            callback.onReply(transactional ? QUEUED.retainedDuplicate() : OK.retainedDuplicate());
            return;
        }
        if (node == null) {
            Optional<Address> owner = keys.length == 0 ? Optional.of(shared.anyMaster(table))
                    : table.masterOf(SlotHash.slot(command.arg(keys[0])));
            if (owner.isEmpty()) {
                command.release();
                pool.refresh();
                callback.onError("CLUSTERDOWN Hash slot not served");
                return;
            }
            open(owner.get());
        }
        if (SessionWrites.writes(spec)) {
            shared.wroteTo(node);
        }
        connection.send(command, redirectsAsErrors(callback, inTransaction));
    }

    private static boolean spansSlots(RespCommand command, int[] keys) {
        for (int i = 1; i < keys.length; i++) {
            if (SlotHash.slot(command.arg(keys[i])) != SlotHash.slot(command.arg(keys[0]))) {
                return true;
            }
        }
        return false;
    }

    private record DeferredWait(RespCommand command, SlotTable table, ReplyCallback callback) {
    }

    /**
     * WAIT outside a transaction: on every master the session wrote to since its last WAIT ({@link ClusterWait}).
     * A write the session pipelined before it over the shared link must have been answered, and so be in its
     * master's replication stream, before the WAIT's mark is written there: until then the WAIT waits.
     */
    private void waitForWrites(RespCommand wait, SlotTable table, ReplyCallback callback) {
        if (sharedOutstanding > 0) {
            waitsForShared.add(new DeferredWait(wait, table, callback));
            return;
        }
        List<Address> written = List.copyOf(shared.mastersWrittenSinceLastWait(table));
        if (written.isEmpty()) {
            waits.run(wait, List.of(shared.anyMaster(table)), table, false, callback);
        } else {
            waits.run(wait, written, table, true, callback);
        }
    }

    /** Whether a command takes or gives up connection state: it must run on this connection. */
    private static boolean holdsState(CommandSpec spec, RespCommand command) {
        return switch (command.name()) {
            case "watch", "unwatch", "multi", "exec", "discard" -> true;
            default -> spec != null && ConnectionEffect.of(spec, command).needsPinnedConnection();
        };
    }

    /** Outside a transaction, what holds no state goes the way it would without this connection. */
    private void sendShared(RespCommand command, ReplyCallback callback) {
        sharedOutstanding++;
        shared.send(command, new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                sharedDone();
                callback.onReply(frame);
            }

            @Override
            public void onError(String redisError) {
                sharedDone();
                callback.onError(redisError);
            }
        });
    }

    /** Before the reply goes on, so the session never finds this link idle while a WAIT is about to start. */
    private void sharedDone() {
        if (--sharedOutstanding == 0) {
            DeferredWait w;
            while ((w = waitsForShared.poll()) != null) {
                waitForWrites(w.command(), w.table(), w.callback());
            }
        }
    }

    private static boolean endsState(RespCommand command) {
        return command.name().equals("exec") || command.name().equals("discard");
    }

    private static final String GONE = "ERR the session went away";
    private static final ByteBuf OK = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("+OK\r\n", StandardCharsets.US_ASCII));
    private static final ByteBuf QUEUED = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("+QUEUED\r\n", StandardCharsets.US_ASCII));

    private void open(Address target) {
        node = target;
        connection = new PinnedConnection(idle.take(target), idle.connector(target), c -> idle.recycle(target, c));
        if (pushListener != null) {
            connection.onPush(pushListener);
        }
        RespCommand replayed;
        while ((replayed = deferred.poll()) != null) {
            connection.send(replayed, ReplyCallback.DISCARD);
        }
    }

    /**
     * A pinned connection cannot follow a redirection: inside MULTI the node has already doomed the transaction,
     * as Redis Cluster does for a key of another node; outside it the slot map was stale, and the client may retry.
     */
    private ReplyCallback redirectsAsErrors(ReplyCallback callback, boolean transactional) {
        return new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                Optional<Redirect> redirect = Redirect.of(frame, node);
                if (redirect.isEmpty() || redirect.get().kind() == Redirect.Kind.TRYAGAIN) {
                    callback.onReply(frame);
                    return;
                }
                frame.release();
                if (transactional) {
                    callback.onError(ClusterLink.CROSSSLOT);
                } else {
                    pool.topology().moved(redirect.get().slot(), redirect.get().target());
                    callback.onError("TRYAGAIN the slot moved to another node while the command was routed; retry");
                }
            }

            @Override
            public void onError(String redisError) {
                callback.onError(redisError);
            }
        };
    }

    @Override
    public boolean isWritable() {
        return connection == null ? shared.isWritable() : connection.isWritable() && shared.isWritable();
    }

    @Override
    public void whenWritable(Runnable task) {
        if (connection == null) {
            shared.whenWritable(task);
        } else {
            connection.whenWritable(() -> shared.whenWritable(task));
        }
    }

    @Override
    public void onPush(Consumer<ByteBuf> listener) {
        pushListener = listener;
        if (connection != null) {
            connection.onPush(listener);
        }
    }

    @Override
    public void unblockForShutdown() {
        if (connection != null) {
            connection.unblockForShutdown();
        }
        waits.unblockForShutdown();
    }

    @Override
    public boolean unblock(boolean error, EventLoop replyLoop, ReplyCallback callback) {
        return connection != null && connection.unblock(error, replyLoop, callback);
    }

    @Override
    public int outstanding() {
        return sharedOutstanding + waitsForShared.size() + waits.outstanding()
                + (connection == null ? 0 : connection.outstanding());
    }

    @Override
    public void release() {
        if (connection != null) {
            connection.release();
        }
        dropDeferred();
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        waits.close();
        dropDeferred();
    }

    private void dropDeferred() {
        deferred.forEach(RespCommand::release);
        deferred.clear();
        DeferredWait w;
        while ((w = waitsForShared.poll()) != null) {
            w.command().release();
            w.callback().onError(GONE);
        }
    }
}
