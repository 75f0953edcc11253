package io.rkproxy.redis;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.net.WriteBatcher;
import io.rkproxy.core.resp.RespCommand;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipelined connection to a backend node. Commands from many sessions are written in order and each reply
 * completes the oldest outstanding command. When the connection drops or its oldest command waits longer than the
 * response timeout, every outstanding command gets an error. Used only from its channel's event loop.
 *
 * <p>A shared connection (one with a response timeout) also sends again what a busy Redis refused
 * ({@link BusyReplay}), and the reads in flight when it drops ({@link #resendReadsOnLoss}).
 */
public final class BackendConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(BackendConnection.class);
    private static final ReplyPrefix BUSY = new ReplyPrefix("-BUSY ");

    private final String poolName;
    private final String description;
    private final long responseTimeoutNanos;
    private final NodeStats node;
    private final ScriptBudget scriptBudget;
    private final InFlight pending = new InFlight();
    private final List<Runnable> writableWaiters = new ArrayList<>();
    private final Consumer<String> onClosed;
    private final Runnable onScriptKilled = this::pauseAfterKill;
    private Channel channel;
    private WriteBatcher out;
    private ScheduledFuture<?> timeoutCheck;
    private String closeReason;
    private Consumer<ByteBuf> pushListener;
    private BusyReplay busy;
    /** The backend's CLIENT ID for this connection, learnt while preparing a pinned one; -1 when not known. */
    private long backendClientId = -1;
    /** Which commands in flight may be sent again elsewhere when the connection drops, and where; none when null. */
    private Predicate<RespCommand> resendable;
    private BiConsumer<RespCommand, ReplyCallback> resend;

    /**
     * @param description names the node in errors and logs
     * @param responseTimeoutNanos 0 for none, as on pinned connections
     * @param node        counts the commands in flight to the node
     * @param scriptBudget kills the scripts this connection runs past the pool's limit
     * @param onClosed    told the Redis error text, once, when the connection is gone
     */
    BackendConnection(String poolName, String description, long responseTimeoutNanos, NodeStats node,
                      ScriptBudget scriptBudget, Consumer<String> onClosed) {
        this.poolName = poolName;
        this.description = description;
        this.responseTimeoutNanos = responseTimeoutNanos;
        this.node = node;
        this.scriptBudget = scriptBudget;
        this.onClosed = onClosed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        out = new WriteBatcher(channel);
        busy = new BusyReplay(channel.eventLoop(), this::write);
        if (responseTimeoutNanos <= 0) {
            return;
        }
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), responseTimeoutNanos / 4);
        timeoutCheck = ctx.executor().scheduleAtFixedRate(this::checkTimeout, period, period, TimeUnit.NANOSECONDS);
    }

    /** Writes a command; takes ownership of it. It leaves with the other writes of this event-loop turn. */
    void send(RespCommand command, ReplyCallback callback) {
        send(command, callback, responseTimeoutNanos > 0);
    }

    /**
     * Writes a command of the proxy's own (the latency probe) whose order among the clients' commands does not
     * matter: it is never held back nor sent again, and its reply never stops refused commands from going again.
     */
    void sendUnordered(RespCommand command, ReplyCallback callback) {
        send(command, callback, false);
    }

    private void send(RespCommand command, ReplyCallback callback, boolean replayable) {
        if (closeReason != null) {
            command.release();
            callback.onError(closeReason);
            return;
        }
        ReplyCallback watched = scriptBudget.watch(command, callback, channel.eventLoop(), onScriptKilled);
        long now = System.nanoTime();
        if (!replayable) {
            pending.add(watched, now, null, 0);
            node.sent();
            out.write(command.content().retain());
            command.release();
            return;
        }
        int start = command.content().readerIndex();
        if (busy.holding()) {
            busy.hold(new HeldCommand(watched, now, command, start));
        } else {
            write(watched, now, command, start);
        }
    }

    private void pauseAfterKill() {
        if (responseTimeoutNanos > 0) {
            busy.pauseAfterKill();
        }
    }

    private void write(HeldCommand c) {
        write(c.callback(), c.sentAtNanos(), c.command(), c.start());
    }

    /** Writes a shared connection's command; it keeps its reference until the reply. */
    private void write(ReplyCallback callback, long sentAtNanos, RespCommand command, int start) {
        pending.add(callback, sentAtNanos, command, start);
        node.sent();
        out.write(command.content().retain().readerIndex(start));
    }

    /**
     * When this connection drops, its reads in flight go to {@code resend} (its replacement) instead of failing, once
     * each: the {@code readOnly} commands after the last command that is not one, so that a read never runs again
     * after a write it came before. What is sent this way is never sent again a second time.
     */
    void resendReadsOnLoss(Predicate<RespCommand> readOnly, BiConsumer<RespCommand, ReplyCallback> resend) {
        this.resendable = readOnly;
        this.resend = resend;
    }

    /** Marks a command sent again after its first connection dropped. */
    private record SentAgain(ReplyCallback callback) implements ReplyCallback {

        @Override
        public void onReply(ByteBuf frame) {
            callback.onReply(frame);
        }

        @Override
        public void onError(String redisError) {
            callback.onError(redisError);
        }
    }

    /** True while the channel can take more, and once it is closed (nothing will wait for it then). */
    boolean isWritable() {
        return closeReason != null || channel.isWritable();
    }

    void whenWritable(Runnable task) {
        if (channel.isWritable() || closeReason != null) {
            task.run();
        } else {
            writableWaiters.add(task);
        }
    }

    int outstanding() {
        return pending.size();
    }

    long backendClientId() {
        return backendClientId;
    }

    void backendClientId(long id) {
        this.backendClientId = id;
    }

    Channel channel() {
        return channel;
    }

    public boolean isOpen() {
        return closeReason == null && channel.isActive();
    }

    public void close(String reason) {
        fail(reason, false);
        channel.close();
    }

    /** Takes RESP3 push frames ({@code >}), which answer no command; without a listener they are dropped. */
    void onPush(Consumer<ByteBuf> listener) {
        this.pushListener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (frame.getByte(frame.readerIndex()) == '>') {
            if (pushListener != null) {
                pushListener.accept(frame);
            } else {
                frame.release();
            }
            return;
        }
        if (pending.isEmpty()) {
            ReferenceCountUtil.release(msg);
            close(error("sent a reply nobody asked for"));
            return;
        }
        int head = pending.oldest();
        boolean replayable = pending.command(head) != null;
        if (replayable && BUSY.starts(frame) && System.nanoTime() - pending.sentAtNanos(head) < responseTimeoutNanos) {
            HeldCommand refusal = HeldCommand.of(pending, head);
            pending.removeOldest();
            node.answered();
            frame.release();
            busy.refused(refusal, pending::commands);
            return;
        }
        ReplyCallback callback = answerOldest();
        busy.answered(replayable);
        deliver(callback, frame);
    }

    /**
     * Hands a reply on. A handler that throws is a bug of rkproxy's: its client gets an error rather than waiting for
     * ever, and this connection, which other sessions share, goes on.
     */
    private void deliver(ReplyCallback callback, ByteBuf frame) {
        try {
            callback.onReply(frame);
        } catch (RuntimeException e) {
            log.error("pool '{}' {}: handling a reply failed; its client gets an error", poolName, description, e);
            callback.onError("ERR rkproxy could not handle the backend's reply: " + e);
        }
    }

    /** Takes the oldest command off those in flight and releases it; returns where its answer goes. */
    private ReplyCallback answerOldest() {
        int head = pending.oldest();
        ReplyCallback callback = pending.callback(head);
        RespCommand command = pending.command(head);
        pending.removeOldest();
        node.answered();
        if (command != null) {
            command.release();
        }
        return callback;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            runWritableWaiters();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(error("connection lost"), true);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("pool '{}' {}: {}", poolName, description, cause.toString());
        fail(error(RedisConnector.rootMessage(cause)), true);
        ctx.channel().close();
    }

    private void checkTimeout() {
        if (!pending.isEmpty() && System.nanoTime() - pending.sentAtNanos(pending.oldest()) > responseTimeoutNanos) {
            long millis = TimeUnit.NANOSECONDS.toMillis(responseTimeoutNanos);
            log.warn("pool '{}' {}: no reply within {} ms, closing the connection ({} commands outstanding)",
                    poolName, description, millis, pending.size());
            close(error("no reply within " + millis + " ms"));
        }
    }

    /** The Redis error text for a failure of this connection. */
    String error(String cause) {
        return RespErrors.poolUnavailable(poolName, description + ": " + cause);
    }

    /** @param dropped the connection dropped, rather than stalled or closed on purpose: its reads may go again */
    private void fail(String reason, boolean dropped) {
        if (closeReason != null) {
            return;
        }
        closeReason = reason;
        if (timeoutCheck != null) {
            timeoutCheck.cancel(false);
        }
        ArrayDeque<HeldCommand> reads = dropped ? trailingReads() : new ArrayDeque<>();
        String unknown = reason + "; the command may or may not have run";
        while (!pending.isEmpty()) {
            answerOldest().onError(unknown);
        }
        if (busy != null) {
            busy.close(reason);
        }
        runWritableWaiters();
        onClosed.accept(reason);
        HeldCommand read;
        while ((read = reads.poll()) != null) {
            node.answered();
            resend.accept(read.command(), new SentAgain(read.callback()));
        }
    }

    /** Takes the reads at the end of what is in flight off it, for {@link #resendReadsOnLoss}; in order. */
    private ArrayDeque<HeldCommand> trailingReads() {
        ArrayDeque<HeldCommand> reads = new ArrayDeque<>();
        if (resend == null || busy.refusing()) {
            return reads;
        }
        while (!pending.isEmpty()) {
            int last = pending.newest();
            RespCommand command = pending.command(last);
            if (command == null || pending.callback(last) instanceof SentAgain
                    || !resendable.test(rewound(command, pending.start(last)))) {
                break;
            }
            reads.addFirst(HeldCommand.of(pending, last));
            pending.removeNewest();
        }
        return reads;
    }

    /**
     * The command of {@code p}, readable from its start again: writing it moved its reader index, and its arguments
     * are found from there.
     */
    private static RespCommand rewound(RespCommand command, int start) {
        command.content().readerIndex(start);
        return command;
    }

    private void runWritableWaiters() {
        if (writableWaiters.isEmpty()) {
            return;
        }
        List<Runnable> waiters = new ArrayList<>(writableWaiters);
        writableWaiters.clear();
        waiters.forEach(Runnable::run);
    }
}
