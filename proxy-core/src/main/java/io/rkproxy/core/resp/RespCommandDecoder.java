package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.Arrays;
import java.util.List;

/**
 * Frames client input into {@link RespCommand}s, following Redis 7's {@code processMultibulkBuffer} and
 * {@code processInlineBuffer}, including their error texts.
 *
 * <p>Input starting with {@code *} is a multibulk command and is emitted as a retained slice of the input, without
 * copying. Anything else is an inline command line, re-encoded as a multibulk from {@code ctx.alloc()}. Empty
 * commands ({@code *0}, {@code *-1}, blank lines) are consumed without emitting anything. Each emitted command
 * carries one reference, owned by the next handler.
 *
 * <p>Malformed input makes {@code decode} throw a {@link RespProtocolException}; the decoder then discards all
 * further input and never emits again, so the handler can reply with the error and close.
 *
 * <p>Parse progress is kept between calls: a large bulk arriving in many reads is skipped by its length, not
 * rescanned. At most one command is emitted per {@code decode} call, so a handler that changes
 * {@link #limits(RespLimits)} while handling a command affects the very next one, and a handler that
 * {@link #pause()}s while handling a command gets no other until it calls {@link #resume()}.
 */
public final class RespCommandDecoder extends ByteToMessageDecoder {

    private static final int INITIAL_ARG_CAPACITY = 16;
    /** Past this many arguments, the positions array a command needed is not kept for the next one. */
    private static final int MAX_KEPT_ARG_CAPACITY = 1024;

    private RespLimits limits;
    private boolean failed;
    private boolean paused;
    private ChannelHandlerContext ctx;
    private long framed; // bytes consumed under the current limits, for their maxInputBytes

    // Progress through the command at in.readerIndex(); all positions are relative to it, because the reader
    // index stays at the start of the command until the whole command is consumed.
    private RespLimits commandLimits; // the limits when the command started
    private int expectedArgs = -1; // -1 while the multibulk count line is incomplete
    private int parsedArgs;
    private int bulkLength = -1;   // -1 while the next $ line is incomplete
    private int position;          // first byte not parsed yet
    private int scanFrom;          // where the search for the current line's terminator resumes
    /**
     * Where the arguments parsed so far lie ({@link RespCommand#position}), reused from command to command: each
     * command copies what it needs.
     */
    private long[] positions = new long[INITIAL_ARG_CAPACITY];

    public RespCommandDecoder(RespLimits initial) {
        limits(initial);
    }

    /** Replaces the limits; they apply from the next command on, and their input bound counts from there. */
    public void limits(RespLimits limits) {
        if (limits == null) {
            throw new NullPointerException("limits");
        }
        this.limits = limits;
        framed = 0;
    }

    public RespLimits limits() {
        return limits;
    }

    /** Frames nothing more until {@link #resume()}; input waits in the buffer. */
    public void pause() {
        paused = true;
    }

    /** Frames again, starting with the input that waited. Call on the channel's event loop. */
    public void resume() {
        paused = false;
        if (ctx != null && !ctx.isRemoved() && ctx.channel().isActive() && internalBuffer().isReadable()) {
            // The waiting input may be all the client sends: pass it on as if it had just been read.
            ctx.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
            ctx.pipeline().fireChannelReadComplete();
        }
    }

    /** Memory held for input not framed yet: the capacity of the buffer it waits in. */
    public int heldBytes() {
        return internalBuffer().capacity();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (paused) {
            return;
        }
        if (commandLimits == null) {
            commandLimits = limits;
        }
        if (expectedArgs >= 0 || in.getByte(in.readerIndex()) == '*') {
            decodeMultibulk(in, out);
        } else {
            decodeInline(ctx, in, out);
        }
    }

    private void decodeMultibulk(ByteBuf in, List<Object> out) {
        final int start = in.readerIndex();
        final int readable = in.readableBytes();
        if (expectedArgs < 0) {
            int cr = lineEnd(in, 0, '\r', "ERR Protocol error: too big mbulk count string");
            if (cr < 0 || cr + 1 == readable) {
                return;
            }
            long count = parseLine(in, 1, cr, "ERR Protocol error: invalid multibulk length");
            position = scanFrom = cr + 2;
            if (count <= 0) {
                in.skipBytes(position);
                framed += position;
                reset();
                return;
            }
            if (count > Integer.MAX_VALUE) {
                throw fail(in, "ERR Protocol error: invalid multibulk length");
            }
            if (count > commandLimits.maxArgs()) {
                throw fail(in, commandLimits.authenticated()
                        ? "ERR Protocol error: invalid multibulk length"
                        : "ERR Protocol error: unauthenticated multibulk length");
            }
            expectedArgs = (int) count;
        }
        while (parsedArgs < expectedArgs) {
            if (bulkLength < 0) {
                int cr = lineEnd(in, position, '\r', "ERR Protocol error: too big bulk count string");
                if (cr < 0 || cr + 1 == readable) {
                    return;
                }
                byte type = in.getByte(start + position);
                if (type != '$') {
                    throw fail(in, "ERR Protocol error: expected '$', got '" + (char) (type & 0xFF) + "'");
                }
                long length = parseLine(in, position + 1, cr, "ERR Protocol error: invalid bulk length");
                if (length < 0) {
                    throw fail(in, "ERR Protocol error: invalid bulk length");
                }
                if (length > commandLimits.maxBulkLength()) {
                    throw fail(in, commandLimits.authenticated()
                            ? "ERR Protocol error: invalid bulk length"
                            : "ERR Protocol error: unauthenticated bulk length");
                }
                position = scanFrom = cr + 2;
                charge(in, position + length + 2);
                if (position + length + 2 > Integer.MAX_VALUE) {
                    // The command would not fit in one buffer.
                    throw fail(in, "ERR Protocol error: invalid bulk length");
                }
                bulkLength = (int) length;
            }
            if (readable - position < bulkLength + 2) {
                return;
            }
            int dataEnd = start + position + bulkLength;
            if (in.getByte(dataEnd) != '\r' || in.getByte(dataEnd + 1) != '\n') {
                // Redis would skip two bytes whatever they are; we refuse to forward a misframed command.
                throw fail(in, "ERR Protocol error: invalid bulk length");
            }
            addArg(position, bulkLength);
            position = scanFrom = position + bulkLength + 2;
            bulkLength = -1;
        }
        RespCommand command = new RespCommand(in.readRetainedSlice(position), positions, expectedArgs);
        framed += position;
        reset();
        out.add(command);
    }

    private void addArg(int offset, int length) {
        if (parsedArgs == positions.length) {
            // Grow as arguments arrive rather than trusting the announced count.
            positions = Arrays.copyOf(positions, (int) Math.min(expectedArgs, 2L * positions.length));
        }
        positions[parsedArgs++] = RespCommand.position(offset, length);
    }

    private void decodeInline(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        final int start = in.readerIndex();
        int lf = lineEnd(in, 0, '\n', "ERR Protocol error: too big inline request");
        if (lf < 0) {
            return;
        }
        int lineEnd = lf > 0 && in.getByte(start + lf - 1) == '\r' ? lf - 1 : lf;
        List<byte[]> args = InlineArgs.split(in, start, start + lineEnd);
        if (args == null) {
            throw fail(in, "ERR Protocol error: unbalanced quotes in request");
        }
        in.skipBytes(lf + 1);
        framed += lf + 1;
        reset();
        if (!args.isEmpty()) {
            out.add(RespCommand.encode(ctx.alloc(), args));
        }
    }

    /**
     * Finds the terminator of the line starting at {@code lineStart}, resuming an earlier search. Returns its
     * position, or -1 if more input is needed.
     *
     * @throws RespProtocolException {@code tooLong} if the line is longer than {@code maxInlineLength}, or if the
     *                               command so far takes the input past its bound
     */
    private int lineEnd(ByteBuf in, int lineStart, char terminator, String tooLong) {
        final int start = in.readerIndex();
        final int readable = in.readableBytes();
        int maxLine = commandLimits.maxInlineLength();
        int windowEnd = (int) Math.min(readable, (long) lineStart + maxLine + 1);
        int from = Math.max(scanFrom, lineStart);
        int found = from < windowEnd ? in.indexOf(start + from, start + windowEnd, (byte) terminator) : -1;
        if (found >= 0) {
            scanFrom = found - start;
            charge(in, scanFrom + 1L);
            return scanFrom;
        }
        // Every byte read so far belongs to this line, so to this command.
        charge(in, readable);
        if (readable - lineStart > maxLine) {
            throw fail(in, tooLong);
        }
        scanFrom = windowEnd;
        return -1;
    }

    /**
     * Parses the number in {@code [from, cr)}, requiring {@code \n} after the {@code \r} at {@code cr}.
     */
    private long parseLine(ByteBuf in, int from, int cr, String invalid) {
        int start = in.readerIndex();
        if (in.getByte(start + cr + 1) != '\n') {
            throw fail(in, invalid);
        }
        try {
            return LongParser.parse(in, start + from, start + cr);
        } catch (NumberFormatException e) {
            throw fail(in, invalid);
        }
    }

    /** Fails when the command, {@code extent} bytes of it known so far, takes the input past its bound. */
    private void charge(ByteBuf in, long extent) {
        if (framed + extent > commandLimits.maxInputBytes()) {
            throw fail(in, commandLimits.authenticated()
                    ? "ERR Protocol error: input too long"
                    : "ERR Protocol error: unauthenticated input too long");
        }
    }

    private RespProtocolException fail(ByteBuf in, String redisError) {
        failed = true;
        reset();
        in.skipBytes(in.readableBytes());
        return new RespProtocolException(redisError);
    }

    private void reset() {
        commandLimits = null;
        expectedArgs = -1;
        parsedArgs = 0;
        bulkLength = -1;
        position = 0;
        scanFrom = 0;
        if (positions.length > MAX_KEPT_ARG_CAPACITY) {
            positions = new long[INITIAL_ARG_CAPACITY];
        }
    }
}
