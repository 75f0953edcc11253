package io.rkproxy.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyQueueTest {

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static String written(EmbeddedChannel channel) {
        StringBuilder sb = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            sb.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return sb.toString();
    }

    @Test
    void repliesLeaveInRequestOrderWhateverOrderTheyComplete() {
        EmbeddedChannel channel = new EmbeddedChannel();
        List<Integer> drained = new ArrayList<>();
        ReplyQueue queue = new ReplyQueue(channel, drained::add);
        ReplyQueue.Slot first = queue.reserve();
        ReplyQueue.Slot second = queue.reserve();
        ReplyQueue.Slot third = queue.reserve();

        third.onReply(text(":3\r\n"));
        second.onError("ERR two");
        channel.runPendingTasks();
        assertEquals("", written(channel), "nothing leaves while the first reply is missing");
        assertEquals(3, queue.pending());

        first.onReply(text(":1\r\n"));
        channel.runPendingTasks();
        assertEquals(":1\r\n-ERR two\r\n:3\r\n", written(channel));
        assertEquals(List.of(3), drained);
        assertEquals(0, queue.pending());
    }

    @Test
    void finalReplyClosesTheConnectionAfterEverythingBeforeIt() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReplyQueue queue = new ReplyQueue(channel, n -> { });
        ReplyQueue.Slot pending = queue.reserve();
        queue.addFinal(text("-ERR Protocol error\r\n"));
        pending.onReply(text("+PONG\r\n"));
        assertEquals("+PONG\r\n-ERR Protocol error\r\n", written(channel));
        assertFalse(channel.isOpen());
    }

    @Test
    void repliesArrivingAfterCloseAreReleased() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReplyQueue queue = new ReplyQueue(channel, n -> { });
        ReplyQueue.Slot early = queue.reserve();
        ReplyQueue.Slot late = queue.reserve();
        ByteBuf held = text("+held\r\n");
        late.onReply(held);
        queue.close();
        assertEquals(0, held.refCnt(), "a completed but unwritten reply is released on close");
        ByteBuf after = text("+late\r\n");
        early.onReply(after);
        assertEquals(0, after.refCnt());
        channel.runPendingTasks();
        assertNull(channel.readOutbound());
    }
}
