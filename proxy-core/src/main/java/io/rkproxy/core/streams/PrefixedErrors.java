package io.rkproxy.core.streams;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;

/**
 * rafka's error texts: {@code PROD } or {@code CONS ...} in front of a failure instead of {@code ERR }, except for
 * a missing grant, which is NOPERM in every family.
 */
final class PrefixedErrors implements ReplyCallback {

    private final ReplyCallback reply;
    private final String prefix;

    PrefixedErrors(ReplyCallback reply, String prefix) {
        this.reply = reply;
        this.prefix = prefix;
    }

    @Override
    public void onReply(ByteBuf frame) {
        reply.onReply(frame);
    }

    @Override
    public void onError(String redisError) {
        if (redisError.startsWith("NOPERM")) {
            reply.onError(redisError);
        } else {
            reply.onError(prefix + (redisError.startsWith("ERR ") ? redisError.substring(4) : redisError));
        }
    }
}
