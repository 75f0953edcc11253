package io.rkproxy.core.route;

import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.ConnectionEffect;
import io.rkproxy.core.net.ReadThrottle;
import io.rkproxy.core.resp.RespCommand;

/**
 * Puts a session's commands on backend links and remembers the last link used, so that a command for another link
 * waits until every earlier reply is in: a PUBLISH never overtakes the SET before it. Stops reading from the client
 * while the link's backend cannot take more.
 */
public final class LinkSender {

    private final ClientInfo client;
    private final SessionLinks links;
    private final ReadThrottle throttle;
    private BackendLink lastLink;

    public LinkSender(ClientInfo client, SessionLinks links, ReadThrottle throttle) {
        this.client = client;
        this.links = links;
        this.throttle = throttle;
    }

    /**
     * Sends on the link the session's state chose; takes ownership of {@code command}.
     *
     * @param unconfined whether the command goes as the pool's user ({@link BackendLink#sendUnconfined})
     */
    void send(BackendLink target, RespCommand command, ConnectionEffect effect, ReplyCallback callback,
              boolean unconfined) {
        lastLink = target;
        if (unconfined) {
            target.sendUnconfined(command, links.sent(effect, callback));
        } else {
            target.send(command, links.sent(effect, callback));
        }
        if (!target.isWritable() && !throttle.isHeld(ReadThrottle.BACKEND_UNWRITABLE)) {
            throttle.hold(ReadThrottle.BACKEND_UNWRITABLE);
            target.whenWritable(() -> throttle.release(ReadThrottle.BACKEND_UNWRITABLE));
        }
    }

    /** The pool's link for commands that travel as the pool's own user (pub/sub, INFO). */
    BackendLink channelLink(BackendPool pool) {
        return pool.channelLink(client.channel().eventLoop(), client.protocol(), client.id());
    }

    /** Sends on the pool's channel link; takes ownership of {@code command}. */
    void sendOnChannelLink(BackendPool pool, RespCommand command, ReplyCallback callback) {
        sendAsPoolUser(channelLink(pool), command, callback);
    }

    /** Sends on a link that runs as the pool's own user, such as {@link #channelLink}; takes ownership. */
    void sendAsPoolUser(BackendLink target, RespCommand command, ReplyCallback callback) {
        lastLink = target;
        target.send(command, callback);
    }

    /** Whether a command for {@code target} must wait: it is not the last link, and replies are outstanding. */
    boolean mustWaitToSwitch(BackendLink target, int pendingReplies) {
        return lastLink != null && lastLink != target && pendingReplies > 0;
    }

    /** The session's links were dropped: the next command starts afresh. */
    void forget() {
        lastLink = null;
    }
}
