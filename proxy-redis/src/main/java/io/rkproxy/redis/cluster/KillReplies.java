package io.rkproxy.redis.cluster;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;

/**
 * The replies of every master to a SCRIPT KILL or FUNCTION KILL, as one: the OK of a node that stopped a script,
 * else an UNKILLABLE, else the first answer (NOTBUSY where no script ran). Used on one event loop.
 */
final class KillReplies {

    private final ReplyCallback callback;
    private int remaining;
    private RespValue best;

    KillReplies(int parts, ReplyCallback callback) {
        this.remaining = parts;
        this.callback = callback;
    }

    ReplyCallback part() {
        return new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                consider(RespValue.consume(frame));
            }

            @Override
            public void onError(String redisError) {
                consider(new RespValue.Error(redisError));
            }
        };
    }

    private void consider(RespValue reply) {
        if (best == null || rank(reply) > rank(best)) {
            best = reply;
        }
        if (--remaining == 0) {
            if (best instanceof RespValue.Error error) {
                callback.onError(error.text());
            } else {
                callback.onReply(RespReplies.ok());
            }
        }
    }

    private static int rank(RespValue reply) {
        if (!(reply instanceof RespValue.Error error)) {
            return 2;
        }
        return error.text().startsWith("UNKILLABLE") ? 1 : 0;
    }
}
