package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Frames backend output into complete top-level replies, each emitted as a retained slice of the input (no copy)
 * that the next handler owns and must release or hand on.
 *
 * <p>Understands RESP2 ({@code + - : $ *}) and RESP3 ({@code _ , # ( ! = % ~ > |}). An attribute ({@code |}) and
 * the value it annotates form one frame. Nothing is decoded: aggregates are tracked with a fixed stack of
 * remaining child counts, bulk payloads are skipped by length, and scan progress is kept between calls so that a
 * large bulk arriving in many reads is never rescanned.
 *
 * <p>Malformed input makes {@code decode} throw a {@link RespProtocolException}; the decoder then discards all
 * further input.
 */
public final class RespReplyDecoder extends ByteToMessageDecoder {

    /** Deepest accepted nesting of aggregates. */
    public static final int MAX_DEPTH = 512;

    private final int maxBulkLength;
    private final long[] remaining = new long[MAX_DEPTH]; // children still expected by each open aggregate
    private boolean failed;

    // Progress through the reply at in.readerIndex(); positions are relative to it.
    private int depth;
    private int position;        // first byte not parsed yet
    private int scanFrom;        // where the search for the current line's CR resumes
    private int bulkLength = -1; // length of the payload at position, or -1 if a type line comes next

    /**
     * @param maxBulkLength largest accepted bulk payload, and longest accepted line, in bytes
     */
    public RespReplyDecoder(int maxBulkLength) {
        if (maxBulkLength <= 0) {
            throw new IllegalArgumentException("maxBulkLength must be positive: " + maxBulkLength);
        }
        this.maxBulkLength = maxBulkLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        final int start = in.readerIndex();
        final int readable = in.readableBytes();
        boolean complete;
        do {
            if (bulkLength >= 0) {
                if (readable - position < bulkLength + 2) {
                    return;
                }
                int dataEnd = start + position + bulkLength;
                if (in.getByte(dataEnd) != '\r' || in.getByte(dataEnd + 1) != '\n') {
                    throw fail(in, "bulk payload not followed by CRLF");
                }
                position = scanFrom = position + bulkLength + 2;
                bulkLength = -1;
                complete = valueEnds();
            } else {
                int cr = lineEnd(in);
                if (cr < 0) {
                    return;
                }
                complete = parseLine(in, in.getByte(start + position), position + 1, cr);
            }
        } while (!complete);
        ByteBuf frame = in.readRetainedSlice(position);
        reset();
        out.add(frame);
    }

    /**
     * Handles the type line {@code [lineStart - 1, cr + 2)} and moves past it. Returns whether it completed the
     * top-level reply.
     */
    private boolean parseLine(ByteBuf in, byte type, int lineStart, int cr) {
        position = scanFrom = cr + 2;
        switch (type) {
            case '+', '-', ',':
                return valueEnds();
            case ':':
                parseNumber(in, lineStart, cr);
                return valueEnds();
            case '(':
                if (!isBigNumber(in, lineStart, cr)) {
                    throw fail(in, "invalid big number");
                }
                return valueEnds();
            case '#': {
                byte b = in.getByte(in.readerIndex() + lineStart);
                if (cr - lineStart != 1 || (b != 't' && b != 'f')) {
                    throw fail(in, "invalid boolean");
                }
                return valueEnds();
            }
            case '_':
                if (cr != lineStart) {
                    throw fail(in, "invalid null");
                }
                return valueEnds();
            case '$', '=', '!': {
                long length = parseNumber(in, lineStart, cr);
                if (length == -1 && type == '$') {
                    return valueEnds();
                }
                if (length < 0 || length > maxBulkLength || position + length + 2 > Integer.MAX_VALUE) {
                    throw fail(in, "invalid bulk length " + length);
                }
                bulkLength = (int) length;
                return false;
            }
            case '*', '~', '>':
                return aggregate(in, parseNumber(in, lineStart, cr), 1, type == '*');
            case '%':
                return aggregate(in, parseNumber(in, lineStart, cr), 2, false);
            case '|':
                // The attribute's entries, then the value they annotate, as one aggregate.
                long count = parseNumber(in, lineStart, cr);
                if (count < 0 || count > Integer.MAX_VALUE) {
                    throw fail(in, "invalid attribute length " + count);
                }
                open(in, 2 * count + 1);
                return false;
            default:
                throw fail(in, "unknown type byte 0x" + Integer.toHexString(type & 0xFF));
        }
    }

    private boolean aggregate(ByteBuf in, long count, int childrenPerEntry, boolean nullable) {
        if (count == 0 || (count == -1 && nullable)) {
            return valueEnds();
        }
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw fail(in, "invalid aggregate length " + count);
        }
        open(in, count * childrenPerEntry);
        return false;
    }

    private void open(ByteBuf in, long children) {
        if (depth == MAX_DEPTH) {
            throw fail(in, "nested deeper than " + MAX_DEPTH);
        }
        remaining[depth++] = children;
    }

    /** Counts a complete value against its enclosing aggregates; returns whether the top-level reply is done. */
    private boolean valueEnds() {
        while (depth > 0) {
            if (--remaining[depth - 1] > 0) {
                return false;
            }
            depth--;
        }
        return true;
    }

    /** Returns the position of the CR ending the line at {@code position}, or -1 if more input is needed. */
    private int lineEnd(ByteBuf in) {
        final int start = in.readerIndex();
        final int readable = in.readableBytes();
        int windowEnd = (int) Math.min(readable, (long) position + maxBulkLength + 2);
        int from = Math.max(scanFrom, position);
        int cr = from < windowEnd ? in.indexOf(start + from, start + windowEnd, (byte) '\r') : -1;
        if (cr < 0) {
            if (readable - position > maxBulkLength + 1L) {
                throw fail(in, "line longer than " + maxBulkLength + " bytes");
            }
            scanFrom = windowEnd;
            return -1;
        }
        scanFrom = cr - start;
        if (scanFrom + 1 == readable) {
            return -1;
        }
        if (in.getByte(cr + 1) != '\n') {
            throw fail(in, "line not terminated by CRLF");
        }
        return scanFrom;
    }

    private static boolean isBigNumber(ByteBuf in, int from, int to) {
        int start = in.readerIndex();
        int i = from < to && in.getByte(start + from) == '-' ? from + 1 : from;
        if (i == to) {
            return false;
        }
        for (; i < to; i++) {
            byte b = in.getByte(start + i);
            if (b < '0' || b > '9') {
                return false;
            }
        }
        return true;
    }

    private long parseNumber(ByteBuf in, int from, int to) {
        int start = in.readerIndex();
        try {
            return LongParser.parse(in, start + from, start + to);
        } catch (NumberFormatException e) {
            throw fail(in, "invalid number");
        }
    }

    private RespProtocolException fail(ByteBuf in, String detail) {
        failed = true;
        reset();
        in.skipBytes(in.readableBytes());
        return new RespProtocolException("ERR Protocol error: unexpected backend reply: " + detail);
    }

    private void reset() {
        depth = 0;
        position = 0;
        scanFrom = 0;
        bulkLength = -1;
    }
}
