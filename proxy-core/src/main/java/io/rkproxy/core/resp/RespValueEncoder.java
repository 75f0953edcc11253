package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/** Encodes a {@link RespValue} back to RESP2, for the few replies the proxy rewrites. */
public final class RespValueEncoder {

    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);

    private RespValueEncoder() {
    }

    /** Appends {@code value} to {@code out}; returns {@code out}. */
    public static ByteBuf encode(RespValue value, ByteBuf out) {
        if (value instanceof RespValue.Simple s) {
            line(out, '+', s.text());
        } else if (value instanceof RespValue.Error e) {
            line(out, '-', e.text());
        } else if (value instanceof RespValue.Int i) {
            RespReplies.integer(out, i.value());
        } else if (value instanceof RespValue.Bulk b) {
            RespReplies.bulk(out, b.bytes());
        } else if (value instanceof RespValue.Array a) {
            RespReplies.arrayHeader(out, a.items().size());
            a.items().forEach(item -> encode(item, out));
        } else {
            out.writeBytes(NULL_BULK);
        }
        return out;
    }

    private static void line(ByteBuf out, char type, String text) {
        out.writeByte(type);
        ByteBufUtil.writeUtf8(out, text);
        out.writeByte('\r').writeByte('\n');
    }
}
