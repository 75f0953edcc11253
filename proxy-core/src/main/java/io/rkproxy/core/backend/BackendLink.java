package io.rkproxy.core.backend;

import io.rkproxy.core.resp.RespCommand;

/**
 * A session's path to its backend: a multiplexed connection shared with other sessions of the same event loop and
 * db. Used only from that event loop. Replies come back in the order commands were sent.
 */
public interface BackendLink {

    /** Sends a command; takes ownership of the caller's reference to {@code command}. */
    void send(RespCommand command, ReplyCallback callback);

    /**
     * Sends a command that the tenant's backend user may not run, once the proxy has made it safe (COPY with its DB
     * option checked): where that user is confined to a db, it runs there as the pool's own user; elsewhere it is
     * sent as {@link #send} would. Never inside MULTI, where the switch of users would be queued too.
     */
    default void sendUnconfined(RespCommand command, ReplyCallback callback) {
        send(command, callback);
    }

    /** False while the backend's outbound buffer is over its high-water mark. */
    boolean isWritable();

    /** Runs {@code task} once, on the event loop, when the link is writable again (at once if it is). */
    void whenWritable(Runnable task);
}
