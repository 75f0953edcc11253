package io.rkproxy.redis;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A place for one backend connection that keeps itself filled: it connects on first use, and after a loss at once,
 * while the commands that arrive meanwhile wait for the new connection; only when connecting fails does it back off
 * exponentially and fail commands fast, since the backend is down then. Used only from its event loop.
 */
public final class ConnectionSlot implements BackendLink {

    private static final Logger log = LoggerFactory.getLogger(ConnectionSlot.class);
    static final long INITIAL_BACKOFF_MS = 50;
    public static final String POOL_CLOSED = "ERR the backend pool was closed";

    enum State { IDLE, CONNECTING, READY, DOWN, CLOSED }

    private record Queued(RespCommand command, ReplyCallback callback) {
    }

    private final EventLoop loop;
    private final RedisConnector connector;
    private final int db;
    private final Protocol protocol;
    private final NodeStats node;
    private final long maxBackoffMs;
    private final ArrayDeque<Queued> queued = new ArrayDeque<>();

    private State state = State.IDLE;
    private BackendConnection connection;
    private String downReason;
    private long backoffMs = INITIAL_BACKOFF_MS;
    /** The slot's connection was lost and not yet replaced: the next one to open is a reconnect. */
    private boolean lost;
    /** The slot told the pool's health that the backend is down, and not yet that it is back. */
    private boolean reportedDown;

    public ConnectionSlot(EventLoop loop, RedisConnector connector, int db, Protocol protocol) {
        this.loop = loop;
        this.connector = connector;
        this.db = db;
        this.protocol = protocol;
        this.node = connector.node();
        this.maxBackoffMs = connector.pool().maxReconnectBackoff().toMillis();
    }

    @Override
    public void send(RespCommand command, ReplyCallback callback) {
        switch (state) {
            case READY -> connection.send(command, callback);
            case IDLE -> {
                queued.add(new Queued(command, callback));
                connect();
            }
            case CONNECTING -> queued.add(new Queued(command, callback));
            case DOWN, CLOSED -> {
                command.release();
                callback.onError(downReason);
            }
        }
    }

    @Override
    public void sendUnconfined(RespCommand command, ReplyCallback callback) {
        connector.sendAsPoolUser(this, command, callback);
    }

    @Override
    public boolean isWritable() {
        return state != State.READY || connection.isWritable();
    }

    @Override
    public void whenWritable(Runnable task) {
        if (state == State.READY) {
            connection.whenWritable(task);
        } else {
            task.run();
        }
    }

    State state() {
        return state;
    }

    /** Closes the slot for good; what waits for it, or is in flight on it, gets {@code reason}. */
    public void close(String reason) {
        transitionTo(State.CLOSED, reason);
        failQueued();
        if (connection != null) {
            connection.close(downReason);
        }
    }

    private void connect() {
        transitionTo(State.CONNECTING, null);
        attempt(lost);
    }

    /**
     * One attempt to open the connection, in state CONNECTING.
     *
     * @param again whether a failure is tried once more at once rather than backed off from: right after a lost
     *              connection, whose replacement may be caught by what took the first (a CLIENT KILL of every client)
     */
    private void attempt(boolean again) {
        Future<BackendConnection> ready = connector.connect(loop, db, protocol, this::lost);
        ready.addListener(f -> {
            if (state == State.CLOSED) {
                if (f.isSuccess()) {
                    ready.getNow().close(downReason);
                }
                return;
            }
            if (f.isSuccess()) {
                connection = ready.getNow();
                connection.resendReadsOnLoss(connector::isRepeatable, this::send);
                backoffMs = INITIAL_BACKOFF_MS;
                node.probeThrough(connection);
                if (lost) {
                    lost = false;
                    node.reconnected();
                }
                transitionTo(State.READY, null);
                Queued q;
                while ((q = queued.poll()) != null) {
                    connection.send(q.command(), q.callback());
                }
            } else if (again) {
                attempt(false);
            } else {
                down(f.cause().getMessage());
            }
        });
    }

    /** A lost connection is replaced at once: a killed or timed-out connection says nothing of the backend. */
    private void lost(String reason) {
        if (state == State.READY) {
            log.debug("{} db {}: {}; reconnecting", connector.describe(), db, reason);
            connection = null;
            lost = true;
            connect();
        }
    }

    private void down(String reason) {
        transitionTo(State.DOWN, reason);
        failQueued();
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
        loop.schedule(() -> {
            if (state == State.DOWN) {
                connect();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void failQueued() {
        Queued q;
        while ((q = queued.poll()) != null) {
            q.command().release();
            q.callback().onError(downReason);
        }
    }

    /** The one place the state changes; illegal moves are bugs. */
    private void transitionTo(State next, String reason) {
        if (!isValidTransition(state, next)) {
            throw new IllegalStateException("connection slot: " + state + " -> " + next);
        }
        state = next;
        downReason = reason;
        if (next == State.READY) {
            node.health().up(reportedDown);
            reportedDown = false;
        } else if (next == State.DOWN && !reportedDown) {
            node.health().down(reason, lost);
            reportedDown = true;
        } else if (next == State.DOWN) {
            log.debug("{} db {} still down: {}", connector.describe(), db, reason);
        }
    }

    static boolean isValidTransition(State from, State to) {
        return switch (to) {
            case IDLE -> false;
            case CONNECTING -> from == State.IDLE || from == State.DOWN || from == State.READY;
            case READY -> from == State.CONNECTING;
            case DOWN -> from == State.CONNECTING;
            case CLOSED -> true;
        };
    }
}
