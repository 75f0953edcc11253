package io.rkproxy.core.backend;

import io.netty.buffer.ByteBuf;

/** Receives the outcome of one forwarded command, exactly once, on the session's event loop. */
public interface ReplyCallback {

    /** A complete RESP reply frame. The callee owns one reference to it. */
    void onReply(ByteBuf frame);

    /** The command failed in the proxy (backend down, timeout); {@code redisError} has no leading '-'. */
    void onError(String redisError);

    /**
     * For the proxy's own housekeeping commands (ASKING, UNWATCH, a switch of backend users) whose outcome nobody
     * waits for: a failure there shows in the client's command that follows, and a lost connection in all of them.
     */
    ReplyCallback DISCARD = new ReplyCallback() {
        @Override
        public void onReply(ByteBuf frame) {
            frame.release();
        }

        @Override
        public void onError(String redisError) {
        }
    };
}
