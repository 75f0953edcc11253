package io.rkproxy.core.backend;

import io.netty.buffer.ByteBuf;

/** Receives the outcome of one forwarded command, exactly once, on the session's event loop. */
public interface ReplyCallback {

    /** A complete RESP reply frame. The callee owns one reference to it. */
    void onReply(ByteBuf frame);

    /** The command failed in the proxy (backend down, timeout); {@code redisError} has no leading '-'. */
    void onError(String redisError);
}
