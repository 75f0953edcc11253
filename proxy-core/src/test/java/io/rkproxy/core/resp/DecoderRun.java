package io.rkproxy.core.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs reads through a decoder on an embedded channel whose allocator counts every byte it has handed out and not
 * got back, and checks what any input must give: nothing thrown but the decoder's {@link RespProtocolException},
 * the channel closed on it as the session does, nothing framed after it, no more held than {@code maxHeld} after any
 * read, and, once the channel is closed, every buffer released (that count is an exact leak check, on top of Netty's
 * leak detector, which tracks the allocator's buffers too).
 */
final class DecoderRun {

    /**
     * @param frames what was framed, as ISO-8859-1 text, in order
     * @param error  the protocol error's text, or null
     */
    record Outcome(List<String> frames, String error) {

        /** The error without its numbers and bytes, "none" if there is none: for counting errors by kind. */
        String errorKind() {
            return error == null ? "none"
                    : error.replaceAll("0x\\p{XDigit}+|-?\\d+", "N").replaceAll("(?s)got '.*'", "got X");
        }
    }

    private DecoderRun() {
    }

    static Outcome run(ChannelHandler decoder, List<byte[]> reads, long maxHeld) {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        Sink sink = new Sink(alloc);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, sink);
        channel.config().setAllocator(alloc);
        List<ByteBuf> given = new ArrayList<>();
        for (byte[] read : reads) {
            if (!channel.isOpen()) {
                break;
            }
            ByteBuf input = alloc.heapBuffer(read.length).writeBytes(read);
            given.add(input);
            channel.writeInbound(input);
            long held = alloc.metric().usedHeapMemory();
            if (held > maxHeld) {
                channel.finishAndReleaseAll();
                fail("the decoder holds " + held + " bytes after a read, more than " + maxHeld);
            }
        }
        channel.finishAndReleaseAll();
        assertEquals(List.of(), sink.unexpected, "exceptions other than the protocol error");
        if (sink.error != null) {
            assertTrue(sink.error.startsWith("ERR Protocol error: "), sink.error);
        }
        assertEquals(0, alloc.metric().usedHeapMemory(), "bytes not released once the channel is closed");
        given.forEach(input -> assertEquals(0, input.refCnt(), "a read's reference count"));
        sink.framed.forEach(frame -> assertEquals(0, frame.refCnt(), "a frame's reference count"));
        return new Outcome(sink.frames, sink.error);
    }

    /** Takes frames as the next handler would, and on a protocol error closes, as the session does. */
    private static final class Sink extends ChannelInboundHandlerAdapter {

        final List<String> frames = new ArrayList<>();
        final List<ByteBuf> framed = new ArrayList<>();
        final List<Throwable> unexpected = new ArrayList<>();
        String error;

        private final ByteBufAllocator alloc;

        Sink(ByteBufAllocator alloc) {
            this.alloc = alloc;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (error != null) {
                    fail("framed after the protocol error: " + msg);
                }
                ByteBuf frame = msg instanceof RespCommand command ? argumentsInPlace(command) : (ByteBuf) msg;
                assertTrue(frame.isReadable(), "an empty frame");
                frames.add(frame.toString(StandardCharsets.ISO_8859_1));
                framed.add(frame);
            } catch (Throwable t) {
                unexpected.add(t);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof RespProtocolException protocol && error == null) {
                error = protocol.redisError();
            } else {
                unexpected.add(cause);
            }
            ctx.close();
        }

        /** The command's content, after checking that its arguments are where its encoding says. */
        private ByteBuf argumentsInPlace(RespCommand command) {
            List<byte[]> args = new ArrayList<>();
            for (int i = 0; i < command.argCount(); i++) {
                args.add(command.argBytes(i));
            }
            RespCommand rebuilt = RespCommand.encode(alloc, args);
            try {
                assertEquals(ByteBufUtil.hexDump(rebuilt.content()), ByteBufUtil.hexDump(command.content()),
                        "the command re-encoded from its arguments");
            } finally {
                rebuilt.release();
            }
            return command.content();
        }
    }
}
