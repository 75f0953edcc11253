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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipelined connection to a backend node. Commands from many sessions are written in order and each reply
 * completes the oldest outstanding command. When the connection drops or its oldest command waits longer than the
 * response timeout, every outstanding command gets an error. Used only from its channel's event loop.
 */
public final class BackendConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(BackendConnection.class);

    private record Pending(ReplyCallback callback, long sentAtNanos) {
    }

    private final String poolName;
    private final String description;
    private final long responseTimeoutNanos;
    private final NodeStats node;
    private final ScriptBudget scriptBudget;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final List<Runnable> writableWaiters = new ArrayList<>();
    private final Consumer<String> onClosed;
    private Channel channel;
    private WriteBatcher out;
    private ScheduledFuture<?> timeoutCheck;
    private String closeReason;
    private Consumer<ByteBuf> pushListener;

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
        if (responseTimeoutNanos <= 0) {
            return;
        }
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), responseTimeoutNanos / 4);
        timeoutCheck = ctx.executor().scheduleAtFixedRate(this::checkTimeout, period, period, TimeUnit.NANOSECONDS);
    }

    /** Writes a command; takes ownership of it. It leaves with the other writes of this event-loop turn. */
    void send(RespCommand command, ReplyCallback callback) {
        if (closeReason != null) {
            command.release();
            callback.onError(closeReason);
            return;
        }
        pending.add(new Pending(scriptBudget.watch(command, callback, channel.eventLoop()), System.nanoTime()));
        node.sent();
        out.write(command.content().retain());
        command.release();
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

    Channel channel() {
        return channel;
    }

    public boolean isOpen() {
        return closeReason == null && channel.isActive();
    }

    public void close(String reason) {
        fail(reason);
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
        Pending head = pending.poll();
        if (head == null) {
            ReferenceCountUtil.release(msg);
            close(error("sent a reply nobody asked for"));
            return;
        }
        node.answered();
        head.callback().onReply(frame);
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
        fail(error("connection lost"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("pool '{}' {}: {}", poolName, description, cause.toString());
        close(error(RedisConnector.rootMessage(cause)));
    }

    private void checkTimeout() {
        Pending head = pending.peek();
        if (head != null && System.nanoTime() - head.sentAtNanos() > responseTimeoutNanos) {
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

    private void fail(String reason) {
        if (closeReason != null) {
            return;
        }
        closeReason = reason;
        if (timeoutCheck != null) {
            timeoutCheck.cancel(false);
        }
        Pending p;
        while ((p = pending.poll()) != null) {
            node.answered();
            p.callback().onError(reason);
        }
        runWritableWaiters();
        onClosed.accept(reason);
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
