package io.rkproxy.core.backend;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import java.util.function.UnaryOperator;

/**
 * Hands a slot the backend's reply rewritten, for the few commands whose replies the proxy must change (INFO,
 * COMMAND, PUBSUB). Errors pass through unchanged.
 */
public final class RewritingCallback implements ReplyCallback {

    private final ReplyCallback slot;
    private final ReplyFormat session;
    private final UnaryOperator<RespValue> rewrite;

    public RewritingCallback(ReplyCallback slot, ReplyFormat session, UnaryOperator<RespValue> rewrite) {
        this.slot = slot;
        this.session = session;
        this.rewrite = rewrite;
    }

    @Override
    public void onReply(ByteBuf frame) {
        RespValue value = RespValue.consume(frame);
        slot.onReply(RespValueEncoder.encode(rewrite.apply(value), session.alloc().buffer(), session.protocol()));
    }

    @Override
    public void onError(String redisError) {
        slot.onError(redisError);
    }
}
