package io.rkproxy.core.route;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.ReplyFormat;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import io.rkproxy.core.runtime.TenantFunctions;
import java.util.function.UnaryOperator;

/**
 * Hands a slot the reply to a command on the tenant's functions with the backend's names turned back into the
 * tenant's: errors always (a function's error names it, FUNCTION LOAD's names the library), and a successful
 * reply through {@code success}. With no {@code success} (FCALL), only a reply that is an error is decoded.
 */
final class FunctionReplies implements ReplyCallback {

    private final ReplyCallback slot;
    private final ReplyFormat session;
    private final TenantFunctions functions;
    private final UnaryOperator<RespValue> success;

    private FunctionReplies(ReplyCallback slot, ReplyFormat session, TenantFunctions functions,
                            UnaryOperator<RespValue> success) {
        this.slot = slot;
        this.session = session;
        this.functions = functions;
        this.success = success;
    }

    /** Maps errors only. */
    static ReplyCallback errors(ReplyCallback slot, ReplyFormat session, TenantFunctions functions) {
        return new FunctionReplies(slot, session, functions, null);
    }

    /** Maps errors, and successful replies through {@code success}. */
    static ReplyCallback mapped(ReplyCallback slot, ReplyFormat session, TenantFunctions functions,
                                UnaryOperator<RespValue> success) {
        return new FunctionReplies(slot, session, functions, success);
    }

    @Override
    public void onReply(ByteBuf frame) {
        byte type = frame.getByte(frame.readerIndex());
        boolean error = type == '-' || type == '!';
        if (!error && success == null) {
            slot.onReply(frame);
            return;
        }
        RespValue value = RespValue.consume(frame);
        RespValue mapped = value instanceof RespValue.Error e ? functions.error(e) : success.apply(value);
        slot.onReply(RespValueEncoder.encode(mapped, session.alloc().buffer(), session.protocol()));
    }

    @Override
    public void onError(String redisError) {
        slot.onError(functions.error(redisError));
    }
}
