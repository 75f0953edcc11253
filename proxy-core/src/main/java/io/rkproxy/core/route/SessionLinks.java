package io.rkproxy.core.route;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.PinnedLink;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.ConnectionEffect;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.resp.Protocol;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The backend links of one session: the shared, multiplexed link of its tenant's pool and db, and, while the
 * session holds connection state (a blocking command in flight, MULTI, WATCH), a pinned link of its own. Once the
 * state is gone and nothing is outstanding, the pinned link is given back. Used only from the session's event loop.
 */
public final class SessionLinks {

    private final EventLoop loop;
    private final long sessionId;


    private BackendPool sharedPool;
    private TenantConfig sharedTenant;
    private Protocol sharedProtocol;
    private BackendLink shared;

    private PinnedLink pinned;
    private TenantMeters pinnedMeters;
    // Read by CLIENT LIST on other event loops.
    private volatile TransactionState transaction = TransactionState.NONE;
    private boolean tracking;
    /** A connection that ever tracked keys is closed at the end, never reused: invalidations may still come. */
    private boolean trackedOnPinned;

    public SessionLinks(EventLoop loop, long sessionId) {
        this.loop = loop;
        this.sessionId = sessionId;
    }

    boolean isPinned() {
        return pinned != null;
    }

    public boolean inTransaction() {
        return transaction.inMulti();
    }

    /** A command of the open transaction was refused by the proxy: EXEC must fail with EXECABORT. */
    public void failTransaction() {
        transaction = transaction.next(TransactionState.DOOMED);
    }

    boolean transactionFailed() {
        return transaction == TransactionState.DOOMED;
    }

    /** The link a command goes to: the pinned one while there is one, else the shared one. */
    BackendLink current(TenantConfig tenant, BackendPool pool, Protocol protocol) {
        if (pinned != null) {
            return pinned;
        }
        if (pool != sharedPool || tenant != sharedTenant || protocol != sharedProtocol) {
            shared = pool.link(loop, tenant, protocol, sessionId);
            sharedPool = pool;
            sharedTenant = tenant;
            sharedProtocol = protocol;
        }
        return shared;
    }

    /** Opens a pinned link, within the tenant's cap; empty on success, else the error to reply with. */
    Optional<String> pin(TenantConfig tenant, BackendPool pool, TenantMeters meters, Protocol protocol) {
        if (tenant.maxPinnedConnections() == 0
                || !meters.pinnedConnections().tryAcquire(tenant.maxPinnedConnections())) {
            meters.refused(Refusal.MAX_PINNED_CONNECTIONS);
            return Optional.of(RespErrors.maxPinnedConnections(tenant.maxPinnedConnections(),
                    "blocking commands, MULTI and WATCH need one"));
        }
        pinned = pool.pin(loop, tenant, protocol, current(tenant, pool, protocol));
        pinnedMeters = meters;
        return Optional.empty();
    }

    /**
     * Records what a command sent on the current link does to its state, and returns the callback to send it
     * with: for a pinned link, one that gives the link back once the state is gone.
     */
    ReplyCallback sent(ConnectionEffect effect, ReplyCallback callback) {
        transaction = transaction.next(after(effect));
        if (pinned == null) {
            return callback;
        }
        return new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                callback.onReply(frame);
                releaseIfIdle();
            }

            @Override
            public void onError(String redisError) {
                callback.onError(redisError);
                releaseIfIdle();
            }
        };
    }

    /** The transaction state once the backend has the command; inside MULTI, WATCH and UNWATCH are only queued. */
    private TransactionState after(ConnectionEffect effect) {
        return switch (effect) {
            case STARTS_TRANSACTION -> transaction.inMulti() ? transaction : TransactionState.QUEUING;
            case ENDS_TRANSACTION -> TransactionState.NONE;
            case WATCHES -> transaction.inMulti() ? transaction : TransactionState.WATCHING;
            case UNWATCHES -> transaction.inMulti() ? transaction : TransactionState.NONE;
            default -> transaction;
        };
    }

    /**
     * Client-side caching: the session keeps a pinned connection while tracking, so the backend tracks exactly the
     * keys this session reads, and its invalidation pushes go to {@code invalidations}.
     */
    Optional<String> startTracking(TenantConfig tenant, BackendPool pool, TenantMeters meters, Protocol protocol,
                                   Consumer<ByteBuf> invalidations) {
        if (pinned == null) {
            Optional<String> capped = pin(tenant, pool, meters, protocol);
            if (capped.isPresent()) {
                return capped;
            }
        }
        pinned.onPush(invalidations);
        tracking = true;
        trackedOnPinned = true;
        return Optional.empty();
    }

    /** {@link PinnedLink#unblockForShutdown} of the session's own connection, if it has one. */
    public void unblockForShutdown() {
        if (pinned != null) {
            pinned.unblockForShutdown();
        }
    }

    /** {@link PinnedLink#unblock} of the session's own connection; false when it has none. */
    public boolean unblock(boolean error, EventLoop replyLoop, ReplyCallback callback) {
        return pinned != null && pinned.unblock(error, replyLoop, callback);
    }

    void stopTracking() {
        tracking = false;
    }

    boolean tracking() {
        return tracking;
    }

    private void releaseIfIdle() {
        if (pinned != null && !transaction.holdsConnection() && !tracking && pinned.outstanding() == 0) {
            boolean tracked = trackedOnPinned;
            PinnedLink link = detach();
            if (tracked) {
                link.close();
            } else {
                link.release();
            }
        }
    }

    /** Drops all connection state: the pinned link is closed (a blocked command gives up, nothing is taken). */
    void reset() {
        transaction = TransactionState.NONE;
        tracking = false;
        if (pinned != null) {
            detach().close();
        }
    }

    /** The session is gone: a pinned link with state or outstanding commands is closed, a clean one reused. */
    void close() {
        if (pinned == null) {
            return;
        }
        boolean dirty = transaction.holdsConnection() || trackedOnPinned || pinned.outstanding() > 0;
        PinnedLink link = detach();
        if (dirty) {
            link.close();
        } else {
            link.release();
        }
    }

    /**
     * Forgets the pinned link before it is closed or released: closing fails its outstanding commands, whose
     * callbacks come back here, and must find the session already unpinned.
     */
    private PinnedLink detach() {
        PinnedLink link = pinned;
        pinned = null;
        trackedOnPinned = false;
        pinnedMeters.pinnedConnections().release();
        pinnedMeters = null;
        return link;
    }
}
