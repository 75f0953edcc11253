package io.rkproxy.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
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
    void smallMessagesOfOneTurnLeaveAsOneBufferInOrder() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WriteBatcher batcher = new WriteBatcher(channel);
        ByteBuf a = text("+A\r\n");
        ByteBuf b = text("+B\r\n");
        ByteBuf c = text("+C\r\n");
        batcher.write(a);
        batcher.write(b);
        batcher.write(c);
        channel.runPendingTasks();
        assertEquals("+A\r\n+B\r\n+C\r\n", drain(channel.readOutbound()));
        assertNull(channel.readOutbound());
        assertEquals(0, a.refCnt() + b.refCnt() + c.refCnt(), "copied messages are released");
    }

    @Test
    void largeMessageIsWrittenThroughAfterWhatWasGatheredBeforeIt() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WriteBatcher batcher = new WriteBatcher(channel);
        String big = "x".repeat(WriteBatcher.COPY_LIMIT + 1);
        batcher.write(text("+1\r\n"));
        batcher.write(text("+2\r\n"));
        ByteBuf large = text(big);
        batcher.write(large);
        batcher.write(text("+3\r\n"));
        channel.runPendingTasks();
        assertEquals("+1\r\n+2\r\n", drain(channel.readOutbound()));
        assertSame(large, channel.readOutbound());
        large.release();
        assertEquals("+3\r\n", drain(channel.readOutbound()));
    }

    @Test
    void aFullBatchIsHandedToTheChannelBeforeTheTurnEnds() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WriteBatcher batcher = new WriteBatcher(channel);
        int messages = WriteBatcher.BATCH_LIMIT / 4 + 1;
        for (int i = 0; i < messages; i++) {
            batcher.write(text("+A\r\n"));
        }
        channel.runPendingTasks();
        assertEquals(WriteBatcher.BATCH_LIMIT, drain(channel.readOutbound()).length());
        assertEquals("+A\r\n", drain(channel.readOutbound()));
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
    void pendingBytesCountWhatIsGatheredAndWhatTheChannelHasNotSent() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WriteBatcher batcher = new WriteBatcher(channel);
        batcher.write(text("+OK\r\n"));
        assertEquals(5, batcher.pendingBytes(), "gathered for the end of the turn");
        batcher.write(text("x".repeat(WriteBatcher.COPY_LIMIT + 1)));
        long pending = batcher.pendingBytes();
        assertTrue(pending >= WriteBatcher.COPY_LIMIT + 1 + 5,
                "both written to the channel, not yet flushed (Netty adds a little per message): " + pending);
        channel.runPendingTasks();
        assertEquals(0, batcher.pendingBytes(), "the flush handed both to the socket");
        drain(channel.readOutbound());
        drain(channel.readOutbound());
    }
}
