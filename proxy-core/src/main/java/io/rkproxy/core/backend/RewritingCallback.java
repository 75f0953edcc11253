package io.rkproxy.core.backend;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.Protocol;
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

    /**
     * A reply the rewrite left as it was goes on as the backend's own bytes to a RESP2 session: a value does not
     * keep everything they say (RESP2's null array and null bulk are one {@link RespValue.Null}), and BLPOP's
     * timeout must stay {@code *-1}. A RESP3 session gets the value re-encoded, since the pool's own connections
     * (INFO, PUBSUB) may speak RESP2.
     */
    @Override
    public void onReply(ByteBuf frame) {
        int start = frame.readerIndex();
        RespValue value = RespValue.parse(frame);
        RespValue rewritten = rewrite.apply(value);
        if (rewritten == value && session.protocol() == Protocol.RESP2) {
            slot.onReply(frame.readerIndex(start));
            return;
        }
        frame.release();
        slot.onReply(RespValueEncoder.encode(rewritten, session.alloc().buffer(), session.protocol()));
    }

    @Override
    public void onError(String redisError) {
        slot.onError(redisError);
    }
}
