package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * Replies the proxy writes itself. Constant replies are fresh duplicates of shared, unreleasable, read-only
 * buffers, so each may be written once and released freely. Built replies are allocated from the given allocator
 * and owned by the caller.
 */
public final class RespReplies {

    private static final short CRLF = ('\r' << 8) | '\n';

    private static final ByteBuf OK = constant("+OK\r\n");
    private static final ByteBuf PONG = constant("+PONG\r\n");
    private static final ByteBuf NULL_BULK = constant("$-1\r\n");
    private static final ByteBuf NULL_RESP3 = constant("_\r\n");
    private static final ByteBuf NULL_ARRAY = constant("*-1\r\n");

    private RespReplies() {
    }

    private static ByteBuf constant(String reply) {
        byte[] bytes = reply.getBytes(StandardCharsets.US_ASCII);
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes)).asReadOnly();
    }

    /** {@code +OK} */
    public static ByteBuf ok() {
        return OK.duplicate();
    }

    /** {@code +PONG} */
    public static ByteBuf pong() {
        return PONG.duplicate();
    }

    /** The null reply of a protocol: {@code $-1} in RESP2, {@code _} in RESP3. */
    public static ByteBuf nil(Protocol protocol) {
        return protocol == Protocol.RESP3 ? NULL_RESP3.duplicate() : NULL_BULK.duplicate();
    }

    /** The null reply of a blocking pop that timed out: {@code *-1} in RESP2, {@code _} in RESP3. */
    public static ByteBuf nullArray(Protocol protocol) {
        return protocol == Protocol.RESP3 ? NULL_RESP3.duplicate() : NULL_ARRAY.duplicate();
    }

    /**
     * An error reply. CR and LF in {@code text} become spaces, as in Redis, so the reply stays one line.
     *
     * @param text the error text without the leading {@code -}, e.g. {@code "ERR syntax error"}
     */
    public static ByteBuf error(ByteBufAllocator alloc, String text) {
        return line(alloc, '-', text);
    }

    /** A simple string reply; CR and LF in {@code text} become spaces. */
    public static ByteBuf simple(ByteBufAllocator alloc, String text) {
        return line(alloc, '+', text);
    }

    public static ByteBuf integer(ByteBufAllocator alloc, long value) {
        return integer(alloc.buffer(24), value);
    }

    public static ByteBuf bulk(ByteBufAllocator alloc, byte[] value) {
        return bulk(alloc.buffer(value.length + 16), value);
    }

    /** A bulk string reply holding {@code value} encoded as UTF-8. */
    public static ByteBuf bulk(ByteBufAllocator alloc, String value) {
        int length = ByteBufUtil.utf8Bytes(value);
        ByteBuf out = alloc.buffer(length + 16);
        out.writeByte('$');
        ByteBufUtil.writeAscii(out, Integer.toString(length));
        out.writeShort(CRLF);
        ByteBufUtil.reserveAndWriteUtf8(out, value, length);
        return out.writeShort(CRLF);
    }

    /** Appends an array header announcing {@code count} elements; returns {@code out}. */
    public static ByteBuf arrayHeader(ByteBuf out, int count) {
        out.writeByte('*');
        ByteBufUtil.writeAscii(out, Integer.toString(count));
        return out.writeShort(CRLF);
    }

    /** Appends an integer; returns {@code out}. */
    public static ByteBuf integer(ByteBuf out, long value) {
        out.writeByte(':');
        ByteBufUtil.writeAscii(out, Long.toString(value));
        return out.writeShort(CRLF);
    }

    /** Appends a bulk string; returns {@code out}. */
    public static ByteBuf bulk(ByteBuf out, byte[] value) {
        out.writeByte('$');
        ByteBufUtil.writeAscii(out, Integer.toString(value.length));
        out.writeShort(CRLF);
        return out.writeBytes(value).writeShort(CRLF);
    }

    private static ByteBuf line(ByteBufAllocator alloc, char type, String text) {
        String oneLine = text.indexOf('\r') < 0 && text.indexOf('\n') < 0
                ? text : text.replace('\r', ' ').replace('\n', ' ');
        ByteBuf out = alloc.buffer(ByteBufUtil.utf8MaxBytes(oneLine) + 3);
        out.writeByte(type);
        ByteBufUtil.writeUtf8(out, oneLine);
        return out.writeShort(CRLF);
    }
}
