package io.rkproxy.core.route;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;

/** A session's replies, in command order, as routing sees them. */
public interface Replies {

    /** Reserves the next command's place among the replies. */
    ReplyCallback reserve();

    /** Queues a reply the proxy built, in the next command's place; takes ownership of it. */
    void add(ByteBuf reply);

    /** Replies reserved and not yet written. */
    int pending();
}
