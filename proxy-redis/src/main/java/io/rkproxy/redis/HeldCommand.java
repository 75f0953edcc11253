package io.rkproxy.redis;

import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.RespCommand;

/**
 * A shared connection's command off the {@link InFlight} ring: refused with BUSY, waiting behind refused ones, or to
 * be sent again after a loss. An object only on these rarer paths.
 *
 * @param start where the command's bytes start, to send them again
 */
record HeldCommand(ReplyCallback callback, long sentAtNanos, RespCommand command, int start) {

    static HeldCommand of(InFlight inFlight, int i) {
        return new HeldCommand(inFlight.callback(i), inFlight.sentAtNanos(i), inFlight.command(i), inFlight.start(i));
    }

    /** Gives up the command without sending it: it gets {@code redisError}. */
    void fail(String redisError) {
        if (command != null) {
            command.release();
        }
        callback.onError(redisError);
    }
}
