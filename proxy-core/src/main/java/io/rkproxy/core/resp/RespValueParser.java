package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Decodes one {@link RespValue} from a buffer, reading a duplicate so the caller's indexes stay put. */
final class RespValueParser {

    private final ByteBuf in;

    private RespValueParser(ByteBuf in) {
        this.in = in;
    }

    static RespValue parse(ByteBuf frame) {
        return new RespValueParser(frame.duplicate()).value(0);
    }

    private RespValue value(int depth) {
        if (depth > RespReplyDecoder.MAX_DEPTH) {
            throw malformed("nested deeper than " + RespReplyDecoder.MAX_DEPTH);
        }
        if (!in.isReadable()) {
            throw malformed("truncated");
        }
        byte type = in.readByte();
        switch (type) {
            case '+', ',', '(', '#':
                return new RespValue.Simple(line(), (char) type);
            case '-':
                return new RespValue.Error(line());
            case ':':
                return new RespValue.Int(number());
            case '_':
                line();
                return RespValue.NULL;
            case '$': {
                long length = number();
                return length == -1 ? RespValue.NULL : new RespValue.Bulk(payload(length));
            }
            case '!':
                return new RespValue.Error(new String(payload(number()), StandardCharsets.UTF_8));
            case '=': {
                byte[] bytes = payload(number());
                // Verbatim strings start with a three-letter format and a colon, e.g. "txt:".
                if (bytes.length < 4 || bytes[3] != ':') {
                    throw malformed("verbatim string without format");
                }
                return new RespValue.Bulk(Arrays.copyOfRange(bytes, 4, bytes.length));
            }
            case '*': {
                long count = number();
                return count == -1 ? RespValue.NULL : new RespValue.Array(values(count, depth));
            }
            case '~', '>':
                return new RespValue.Array(values(number(), depth));
            case '%':
                return new RespValue.Dict(values(2 * checkedCount(number()), depth));
            case '|':
                values(2 * checkedCount(number()), depth);
                return value(depth);
            default:
                throw malformed("unknown type byte 0x" + Integer.toHexString(type & 0xFF));
        }
    }

    private List<RespValue> values(long count, int depth) {
        checkedCount(count);
        // Each value takes at least three bytes, which bounds the allocation by the frame's size.
        List<RespValue> values = new ArrayList<>((int) Math.min(count, in.readableBytes() / 3));
        for (long i = 0; i < count; i++) {
            values.add(value(depth + 1));
        }
        return values;
    }

    private static long checkedCount(long count) {
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw malformed("invalid aggregate length " + count);
        }
        return count;
    }

    private byte[] payload(long length) {
        if (length < 0 || length > in.readableBytes() - 2) {
            throw malformed("invalid or truncated bulk of length " + length);
        }
        byte[] bytes = ByteBufUtil.getBytes(in, in.readerIndex(), (int) length);
        in.skipBytes((int) length);
        if (in.readByte() != '\r' || in.readByte() != '\n') {
            throw malformed("bulk not followed by CRLF");
        }
        return bytes;
    }

    private long number() {
        int start = in.readerIndex();
        int cr = lineEnd();
        try {
            return LongParser.parse(in, start, cr);
        } catch (NumberFormatException e) {
            throw malformed("invalid number");
        }
    }

    private String line() {
        int start = in.readerIndex();
        int cr = lineEnd();
        return in.toString(start, cr - start, StandardCharsets.UTF_8);
    }

    /** Moves past the current line and returns the index of its CR. */
    private int lineEnd() {
        int cr = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
        if (cr < 0 || cr + 1 >= in.writerIndex() || in.getByte(cr + 1) != '\n') {
            throw malformed("line not terminated by CRLF");
        }
        in.readerIndex(cr + 2);
        return cr;
    }

    private static IllegalArgumentException malformed(String detail) {
        return new IllegalArgumentException("malformed RESP value: " + detail);
    }
}
