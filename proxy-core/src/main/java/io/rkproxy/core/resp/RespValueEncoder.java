package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a {@link RespValue} for the few replies the proxy rewrites: as RESP2, or for a RESP3 session with RESP3's
 * null; a pub/sub frame can be written as a RESP3 push.
 */
public final class RespValueEncoder {

    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_RESP3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

    private RespValueEncoder() {
    }

    /** Appends {@code value} as RESP2 to {@code out}; returns {@code out}. */
    public static ByteBuf encode(RespValue value, ByteBuf out) {
        return encode(value, out, Protocol.RESP2);
    }

    /** Appends a pub/sub frame: a push in RESP3, an array in RESP2. */
    public static ByteBuf encodePush(RespValue.Array frame, ByteBuf out, Protocol protocol) {
        if (protocol == Protocol.RESP2) {
            return encode(frame, out, protocol);
        }
        out.writeByte('>');
        ByteBufUtil.writeAscii(out, Integer.toString(frame.items().size()));
        out.writeByte('\r').writeByte('\n');
        frame.items().forEach(item -> encode(item, out, protocol));
        return out;
    }

    /** Appends {@code value} to {@code out} in {@code protocol}; returns {@code out}. */
    public static ByteBuf encode(RespValue value, ByteBuf out, Protocol protocol) {
        if (value instanceof RespValue.Simple s) {
            simple(s, out, protocol);
        } else if (value instanceof RespValue.Error e) {
            line(out, '-', e.text());
        } else if (value instanceof RespValue.Int i) {
            RespReplies.integer(out, i.value());
        } else if (value instanceof RespValue.Bulk b) {
            RespReplies.bulk(out, b.bytes());
        } else if (value instanceof RespValue.Array a) {
            RespReplies.arrayHeader(out, a.items().size());
            a.items().forEach(item -> encode(item, out, protocol));
        } else if (value instanceof RespValue.Dict d) {
            if (protocol == Protocol.RESP3) {
                out.writeByte('%');
                ByteBufUtil.writeAscii(out, Integer.toString(d.items().size() / 2));
                out.writeByte('\r').writeByte('\n');
            } else {
                RespReplies.arrayHeader(out, d.items().size());
            }
            d.items().forEach(item -> encode(item, out, protocol));
        } else {
            out.writeBytes(protocol == Protocol.RESP3 ? NULL_RESP3 : NULL_BULK);
        }
        return out;
    }

    /** RESP3's doubles, booleans and big numbers as Redis says them to a RESP2 client: bulks, and 1 or 0. */
    private static void simple(RespValue.Simple s, ByteBuf out, Protocol protocol) {
        if (s.type() == '+' || protocol == Protocol.RESP3) {
            line(out, s.type(), s.text());
        } else if (s.type() == '#') {
            RespReplies.integer(out, s.text().equals("t") ? 1 : 0);
        } else {
            RespReplies.bulk(out, s.text().getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void line(ByteBuf out, char type, String text) {
        out.writeByte(type);
        ByteBufUtil.writeUtf8(out, text);
        out.writeByte('\r').writeByte('\n');
    }
}
