package io.rkproxy.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rkproxy.testkit.NettyLeaks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBatcherTest {

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static String drain(ByteBuf buf) {
        String s = buf.toString(StandardCharsets.US_ASCII);
        buf.release();
        return s;
    }

    /** A channel whose peer reads nothing while it is stalled: what is flushed stays in its outbound buffer. */
    private static final class StalledChannel extends EmbeddedChannel {

        private boolean stalled = true;

        @Override
        protected void doWrite(ChannelOutboundBuffer in) throws Exception {
            if (!stalled) {
                super.doWrite(in);
            }
        }

        void resume() {
            stalled = false;
            flush();
        }
    }

    /** Counts the flushes that reach the channel. */
    private static final class Flushes extends ChannelOutboundHandlerAdapter {

        private int count;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            count++;
            ctx.flush();
        }
    }

    @Test
    void aLoneMessageIsWrittenAsItIsWithoutACopy() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WriteBatcher batcher = new WriteBatcher(channel);
        ByteBuf message = text("+OK\r\n");
        batcher.write(message);
        assertNull(channel.readOutbound(), "nothing leaves before the end of the turn");
        channel.runPendingTasks();
        assertSame(message, channel.readOutbound());
        message.release();
    }

    @Test
    void theMessagesOfOneTurnLeaveInOneFlushAsTheBuffersTheyCameIn() {
        Flushes flushes = new Flushes();
        EmbeddedChannel channel = new EmbeddedChannel(flushes);
        WriteBatcher batcher = new WriteBatcher(channel);
        List<ByteBuf> messages = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ByteBuf message = text(":" + i + "\r\n");
            messages.add(message);
            batcher.write(message);
        }
        assertNull(channel.readOutbound(), "nothing leaves before the end of the turn");
        channel.runPendingTasks();
        assertEquals(1, flushes.count);
        for (ByteBuf message : messages) {
            ByteBuf written = channel.readOutbound();
            assertSame(message, written, "not a copy");
            assertEquals(1, written.refCnt());
            written.release();
        }
        assertNull(channel.readOutbound());
    }

    @Test
    void theFlushHookRunsOncePerTurnBeforeTheFlush() {
        Flushes flushes = new Flushes();
        EmbeddedChannel channel = new EmbeddedChannel(flushes);
        List<Integer> flushesSeenByHook = new ArrayList<>();
        WriteBatcher batcher = new WriteBatcher(channel, () -> flushesSeenByHook.add(flushes.count));
        batcher.write(text("+1\r\n"));
        batcher.write(text("+2\r\n"));
        channel.runPendingTasks();
        batcher.write(text("+3\r\n"));
        channel.runPendingTasks();
        assertEquals(List.of(0, 1), flushesSeenByHook);
        for (int i = 0; i < 3; i++) {
            drain(channel.readOutbound());
        }
    }

    @Test
    void aRunOfMessagesNextToEachOtherInOneBufferLeavesAsOneSliceOfIt() {
        // Leak detection wraps every buffer, and a wrapper's slices are not slices of the buffer read.
        NettyLeaks.untracked(() -> {
            EmbeddedChannel channel = new EmbeddedChannel();
            WriteBatcher batcher = new WriteBatcher(channel);
            ByteBuf read = PooledByteBufAllocator.DEFAULT.directBuffer(64)
                    .writeBytes("+A\r\n+B\r\n+C\r\n+D\r\n".getBytes(StandardCharsets.US_ASCII));
            ByteBuf other = text("+X\r\n");
            List<ByteBuf> messages = List.of(read.retainedSlice(0, 4), read.retainedSlice(4, 4),
                    read.retainedSlice(8, 4), other, read.retainedSlice(12, 4));
            messages.forEach(batcher::write);
            channel.runPendingTasks();
            ByteBuf run = channel.readOutbound();
            assertSame(read, run.unwrap(), "a slice of the buffer read, not a copy");
            assertEquals("+A\r\n+B\r\n+C\r\n", drain(run));
            assertSame(other, channel.readOutbound());
            ByteBuf last = channel.readOutbound();
            assertSame(messages.get(4), last, "not next to the run it would join");
            assertEquals("+D\r\n", drain(last));
            assertNull(channel.readOutbound());
            other.release();
            assertTrue(read.release(), "every reference to the buffer read was given back");
        });
    }

    @Test
    void whenThePeerIsBehindSmallMessagesAreCopiedTogetherAndReleased() {
        StalledChannel channel = new StalledChannel();
        WriteBatcher batcher = new WriteBatcher(channel);
        ByteBuf first = text("+0\r\n");
        batcher.write(first);
        channel.runPendingTasks();
        ByteBuf a = text("+A\r\n");
        ByteBuf b = text("+B\r\n");
        ByteBuf large = text("x".repeat(WriteBatcher.COPY_LIMIT + 1));
        ByteBuf c = text("+C\r\n");
        for (ByteBuf message : List.of(a, b, large, c)) {
            batcher.write(message);
        }
        channel.runPendingTasks();
        assertEquals(0, a.refCnt() + b.refCnt() + c.refCnt(), "copied, so they hold no read buffer");
        channel.resume();
        assertSame(first, channel.readOutbound(), "written before the peer fell behind");
        first.release();
        assertEquals("+A\r\n+B\r\n", drain(channel.readOutbound()));
        assertSame(large, channel.readOutbound(), "a large message is written as it is, in its place");
        large.release();
        assertEquals("+C\r\n", drain(channel.readOutbound()));
        assertNull(channel.readOutbound());
    }

    @Test
    void aTurnPastTheBatchLimitIsHandedToTheChannelBeforeItEnds() {
        StalledChannel channel = new StalledChannel();
        WriteBatcher batcher = new WriteBatcher(channel);
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        batcher.write(text("+0\r\n"));
        channel.runPendingTasks();
        int messages = WriteBatcher.BATCH_LIMIT / 4;
        for (int i = 0; i < messages - 1; i++) {
            batcher.write(text("+A\r\n"));
        }
        long before = outbound.totalPendingWriteBytes();
        batcher.write(text("+A\r\n"));
        assertTrue(outbound.totalPendingWriteBytes() >= before + WriteBatcher.BATCH_LIMIT,
                "the channel holds the batch, so its write buffer limits see it");
        batcher.write(text("+B\r\n"));
        channel.runPendingTasks();
        channel.resume();
        assertEquals("+0\r\n", drain(channel.readOutbound()));
        assertEquals("+A\r\n".repeat(messages), drain(channel.readOutbound()));
        assertEquals("+B\r\n", drain(channel.readOutbound()));
        assertNull(channel.readOutbound());
    }

    @Test
    void writeAndCloseSendsEverythingThenCloses() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WriteBatcher batcher = new WriteBatcher(channel);
        batcher.write(text("+1\r\n"));
        batcher.writeAndClose(text("-ERR bye\r\n"));
        assertEquals("+1\r\n", drain(channel.readOutbound()));
        assertEquals("-ERR bye\r\n", drain(channel.readOutbound()));
        assertFalse(channel.isOpen());
    }

    @Test
    void pendingBytesCountWhatIsQueuedAndWhatTheChannelHasNotSent() {
        StalledChannel channel = new StalledChannel();
        WriteBatcher batcher = new WriteBatcher(channel);
        batcher.write(text("+OK\r\n"));
        assertEquals(5, batcher.pendingBytes(), "queued for the end of the turn");
        batcher.write(text("x".repeat(WriteBatcher.COPY_LIMIT + 1)));
        assertEquals(WriteBatcher.COPY_LIMIT + 1 + 5, batcher.pendingBytes());
        channel.runPendingTasks();
        long pending = batcher.pendingBytes();
        assertTrue(pending >= WriteBatcher.COPY_LIMIT + 1 + 5,
                "flushed, not taken by the peer (Netty adds a little per message): " + pending);
        channel.resume();
        assertEquals(0, batcher.pendingBytes(), "the peer took both");
        drain(channel.readOutbound());
        drain(channel.readOutbound());
    }
}
