package io.rkproxy.redis;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.rkproxy.core.backend.PinnedLink;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.RespCommand;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One session's own backend connection. Commands sent while it is still connecting wait in order; if it cannot
 * be opened, or drops, they and everything outstanding get the error. It never reconnects: the state it held
 * (a blocked command, a transaction) is gone with it. Used only from its event loop.
 */
public final class PinnedConnection implements PinnedLink {

    private record Queued(RespCommand command, ReplyCallback callback) {
    }

    private static final String GONE = "ERR the session went away";
    private static final ReplyPrefix UNBLOCKED = new ReplyPrefix("-UNBLOCKED ");
    static final String SHUTDOWN = "UNBLOCKED the proxy node is shutting down: the blocking command ended without "
            + "taking anything; retry it on another node";

    private final RedisConnector opener;
    private final Consumer<BackendConnection> recycler;
    private final ArrayDeque<Queued> queued = new ArrayDeque<>();
    private BackendConnection connection;
    private String failure;
    private int outstanding;
    private boolean done;
    /** A CLIENT UNBLOCK was sent for the node's shutdown: the backend's UNBLOCKED error is told as that. */
    private boolean unblocked;
    private Consumer<ByteBuf> pushListener;

    /**
     * @param ready    the connection being opened (or an idle one)
     * @param opener   what opened it, and knows its users
     * @param recycler takes the connection back on {@link #release()}
     */
    public PinnedConnection(Future<BackendConnection> ready, RedisConnector opener,
                            Consumer<BackendConnection> recycler) {
        this.opener = opener;
        this.recycler = recycler;
        if (ready.isDone()) {
            opened(ready);
        } else {
            ready.addListener(f -> opened(ready));
        }
    }

    private void opened(Future<BackendConnection> ready) {
        if (ready.isSuccess()) {
            connection = ready.getNow();
            connection.onPush(pushListener);
            if (done) {
                connection.close(GONE);
                return;
            }
            Queued q;
            while ((q = queued.poll()) != null) {
                connection.send(q.command(), q.callback());
            }
        } else {
            failure = ready.cause().getMessage();
            failQueued(failure);
        }
    }

    private void failQueued(String reason) {
        Queued q;
        while ((q = queued.poll()) != null) {
            q.command().release();
            q.callback().onError(reason);
        }
    }

    @Override
    public void send(RespCommand command, ReplyCallback callback) {
        ReplyCallback counting = new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                outstanding--;
                if (unblocked && UNBLOCKED.starts(frame)) {
                    frame.release();
                    callback.onError(SHUTDOWN);
                } else {
                    callback.onReply(frame);
                }
            }

            @Override
            public void onError(String redisError) {
                outstanding--;
                callback.onError(redisError);
            }
        };
        outstanding++;
        if (failure != null) {
            command.release();
            counting.onError(failure);
        } else if (connection == null) {
            queued.add(new Queued(command, counting));
        } else {
            connection.send(command, counting);
        }
    }

    @Override
    public void sendUnconfined(RespCommand command, ReplyCallback callback) {
        opener.sendAsPoolUser(this, command, callback);
    }

    @Override
    public boolean isWritable() {
        return connection == null || connection.isWritable();
    }

    @Override
    public void whenWritable(Runnable task) {
        if (connection == null) {
            task.run();
        } else {
            connection.whenWritable(task);
        }
    }

    @Override
    public void onPush(Consumer<ByteBuf> listener) {
        this.pushListener = listener;
        if (connection != null) {
            connection.onPush(listener);
        }
    }

    @Override
    public int outstanding() {
        return outstanding;
    }

    @Override
    public void unblockForShutdown() {
        if (connection != null && outstanding > 0 && !unblocked) {
            unblocked = true;
            opener.unblock(connection.channel().eventLoop(), connection, true, ReplyCallback.DISCARD);
        }
    }

    @Override
    public boolean unblock(boolean error, EventLoop replyLoop, ReplyCallback callback) {
        return connection != null && outstanding > 0 && opener.unblock(replyLoop, connection, error, callback);
    }

    @Override
    public void release() {
        if (done) {
            return;
        }
        done = true;
        if (connection != null && outstanding == 0 && connection.isOpen()) {
            connection.onPush(null);
            // the session may think its keys unwatched when the backend does not (EXEC without MULTI keeps them)
            connection.send(RespCommand.of("UNWATCH"), ReplyCallback.DISCARD);
            recycler.accept(connection);
        } else if (connection != null) {
            connection.close("ERR the session released its connection");
        }
    }

    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        failQueued(GONE);
        if (connection != null) {
            connection.close(GONE);
        }
    }
}
