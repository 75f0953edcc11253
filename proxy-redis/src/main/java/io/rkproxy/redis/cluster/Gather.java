package io.rkproxy.redis.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import java.util.List;
import java.util.function.Function;

/**
 * Collects the replies of the parts one client command was split into, and answers the client once: with the
 * merge of the parts, or, if any part failed, with the error of the first part that did. A client never sees a
 * partial success. Used only from one event loop.
 */
final class Gather {

    /** The start of the error a client gets when the parts' replies cannot be merged (a node answered oddly). */
    static final String MERGE_FAILED = "ERR cannot merge the replies of the cluster's nodes: ";

    private final RespValue[] replies;
    private final String[] errors;
    private final Protocol protocol;
    private final ReplyCallback callback;
    private final Function<List<RespValue>, RespValue> merge;
    private final boolean nilIsArray;
    private int remaining;

    Gather(int parts, Protocol protocol, ReplyCallback callback, Function<List<RespValue>, RespValue> merge) {
        this(parts, protocol, callback, merge, false);
    }

    private Gather(int parts, Protocol protocol, ReplyCallback callback, Function<List<RespValue>, RespValue> merge,
                   boolean nilIsArray) {
        this.replies = new RespValue[parts];
        this.errors = new String[parts];
        this.remaining = parts;
        this.protocol = protocol;
        this.callback = callback;
        this.merge = merge;
        this.nilIsArray = nilIsArray;
    }

    /**
     * A gather whose merged nil is a null array ({@code *-1} in RESP2) rather than a null bulk: the nil of a
     * command that answers an array when it has something (XREAD).
     */
    static Gather withNilArray(int parts, Protocol protocol, ReplyCallback callback,
                               Function<List<RespValue>, RespValue> merge) {
        return new Gather(parts, protocol, callback, merge, true);
    }

    /** The callback for part {@code i}. */
    ReplyCallback part(int i) {
        return new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                RespValue value = RespValue.consume(frame);
                if (value instanceof RespValue.Error error) {
                    errors[i] = error.text();
                } else {
                    replies[i] = value;
                }
                partDone();
            }

            @Override
            public void onError(String redisError) {
                errors[i] = redisError;
                partDone();
            }
        };
    }

    private void partDone() {
        if (--remaining > 0) {
            return;
        }
        for (String error : errors) {
            if (error != null) {
                callback.onError(error);
                return;
            }
        }
        RespValue merged;
        try {
            merged = merge.apply(List.of(replies));
        } catch (RuntimeException e) {
            callback.onError(MERGE_FAILED + e.getMessage());
            return;
        }
        callback.onReply(nilIsArray && merged instanceof RespValue.Null ? RespReplies.nullArray(protocol)
                : RespValueEncoder.encode(merged, ByteBufAllocator.DEFAULT.buffer(), protocol));
    }
}
