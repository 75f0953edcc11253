package io.rkproxy.core.backend;

import io.netty.buffer.ByteBuf;

/** Receives everything a subscriber connection sends, in order, on the session's event loop. */
public interface PushListener {

    /** One frame: a subscription confirmation, a message, a pong. The listener owns one reference. */
    void onPush(ByteBuf frame);

    /** The connection is gone (or never opened); {@code redisError} says why. Called once. */
    void onClosed(String redisError);
}
