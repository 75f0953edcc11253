package io.rkproxy.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyQueueTest {

    private static final ReplyQueue.Observer UNOBSERVED = new ReplyQueue.Observer() {
        @Override
        public void replied(RespCommand command, CommandSpec spec, long arrivedNanos, ByteBuf reply) {
        }

        @Override
        public void pushed(ByteBuf message) {
        }
    };

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
        ReplyQueue queue = new ReplyQueue(channel, drained::add, UNOBSERVED, n -> { });
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
    void aLateSecondCompletionOfAWrittenSlotNeverAnswersALaterCommand() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReplyQueue queue = new ReplyQueue(channel, n -> { }, UNOBSERVED, n -> { });
        ReplyQueue.Slot first = queue.reserve();
        first.onReply(text("+first\r\n"));
        // Enough later commands for the queue's ring to come round to the first one's place.
        List<ReplyQueue.Slot> later = new ArrayList<>();
        StringBuilder expected = new StringBuilder("+first\r\n");
        for (int i = 0; i < 40; i++) {
            later.add(queue.reserve());
            expected.append(':').append(i).append("\r\n");
        }
        ByteBuf late = text("-ERR late\r\n");
        first.onReply(late);
        for (int i = 0; i < later.size(); i++) {
            later.get(i).onReply(text(":" + i + "\r\n"));
        }
        channel.runPendingTasks();
        assertEquals(expected.toString(), written(channel));
        assertEquals(0, late.refCnt(), "the late reply is released, not written");
    }

    @Test
    void aDeepPipelineKeepsItsOrderAsTheRingGrows() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReplyQueue queue = new ReplyQueue(channel, n -> { }, UNOBSERVED, n -> { });
        StringBuilder expected = new StringBuilder();
        for (int round = 0; round < 2; round++) {
            queue.reserve().onReply(text(":0\r\n")); // the ring's start moves
            List<ReplyQueue.Slot> slots = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                slots.add(queue.reserve());
            }
            for (int i = slots.size() - 1; i >= 0; i--) {
                slots.get(i).onReply(text(":" + (i + 1) + "\r\n"));
            }
            expected.append(":0\r\n");
            for (int i = 0; i < slots.size(); i++) {
                expected.append(':').append(i + 1).append("\r\n");
            }
        }
        assertEquals(0, queue.pending());
        channel.runPendingTasks();
        assertEquals(expected.toString(), written(channel));
    }

    @Test
    void aSecondCompletionIsReleasedAndChangesNothing() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReplyQueue queue = new ReplyQueue(channel, n -> { }, UNOBSERVED, n -> { });
        ReplyQueue.Slot first = queue.reserve();
        ReplyQueue.Slot second = queue.reserve();
        second.onReply(text("+2\r\n"));
        ByteBuf again = text("+again\r\n");
        second.onReply(again);
        assertEquals(0, again.refCnt());
        assertEquals(2, queue.pending());
        first.onReply(text("+1\r\n"));
        channel.runPendingTasks();
        assertEquals("+1\r\n+2\r\n", written(channel));
    }

    @Test
    void finalReplyClosesTheConnectionAfterEverythingBeforeIt() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReplyQueue queue = new ReplyQueue(channel, n -> { }, UNOBSERVED, n -> { });
        ReplyQueue.Slot pending = queue.reserve();
        queue.addFinal(text("-ERR Protocol error\r\n"));
        pending.onReply(text("+PONG\r\n"));
        assertEquals("+PONG\r\n-ERR Protocol error\r\n", written(channel));
        assertFalse(channel.isOpen());
    }

    @Test
    void repliesArrivingAfterCloseAreReleased() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReplyQueue queue = new ReplyQueue(channel, n -> { }, UNOBSERVED, n -> { });
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

    @Test
    void tracedCommandIsObservedWithItsReplyAndReleasedAfter() {
        EmbeddedChannel channel = new EmbeddedChannel();
        List<String> seen = new ArrayList<>();
        ReplyQueue queue = new ReplyQueue(channel, n -> { }, new ReplyQueue.Observer() {
            @Override
            public void replied(RespCommand command, CommandSpec spec, long arrivedNanos, ByteBuf reply) {
                seen.add((command == null ? "-" : command.argString(1) + "@" + arrivedNanos) + " "
                        + reply.toString(StandardCharsets.US_ASCII).trim());
            }

            @Override
            public void pushed(ByteBuf message) {
                seen.add("push " + message.readableBytes());
            }
        }, n -> { });
        RespCommand get = RespCommand.of("GET", "k");
        queue.trace(get, null, 42);
        ReplyQueue.Slot traced = queue.reserve();
        get.content().skipBytes(get.content().readableBytes()); // as writing it to a backend does
        ReplyQueue.Slot untraced = queue.reserve();
        queue.push(text("+p\r\n"));
        traced.onReply(text("$1\r\nv\r\n"));
        untraced.onReply(text("+OK\r\n"));
        assertEquals(List.of("push 4", "k@42 $1\r\nv", "- +OK"), seen);
        assertEquals(1, get.refCnt(), "the queue's own reference is released once the reply is written");
        get.release();
        written(channel);
    }

    @Test
    void theObserverIsToldOnceTheRepliesOfATurnHaveAllBeenSeen() {
        EmbeddedChannel channel = new EmbeddedChannel();
        List<String> seen = new ArrayList<>();
        ReplyQueue queue = new ReplyQueue(channel, n -> { }, new ReplyQueue.Observer() {
            @Override
            public void replied(RespCommand command, CommandSpec spec, long arrivedNanos, ByteBuf reply) {
                seen.add(reply.toString(StandardCharsets.US_ASCII).trim());
            }

            @Override
            public void pushed(ByteBuf message) {
            }

            @Override
            public void turnEnded() {
                seen.add("turn ended");
            }
        }, n -> { });
        ReplyQueue.Slot first = queue.reserve();
        ReplyQueue.Slot second = queue.reserve();
        ReplyQueue.Slot third = queue.reserve();
        third.onReply(text(":3\r\n"));
        second.onReply(text(":2\r\n"));
        first.onReply(text(":1\r\n"));
        queue.reserve().onReply(text(":4\r\n"));
        assertEquals(List.of(":1", ":2", ":3", ":4"), seen);
        channel.runPendingTasks();
        assertEquals(List.of(":1", ":2", ":3", ":4", "turn ended"), seen);
        assertEquals(":1\r\n:2\r\n:3\r\n:4\r\n", written(channel));
    }

    @Test
    void bufferedBytesCountRepliesHeldBehindEarlierOnesAndThoseNotYetSent() {
        EmbeddedChannel channel = new EmbeddedChannel();
        List<Integer> arrived = new ArrayList<>();
        ReplyQueue queue = new ReplyQueue(channel, n -> { }, UNOBSERVED, arrived::add);
        ReplyQueue.Slot first = queue.reserve();
        ReplyQueue.Slot second = queue.reserve();
        assertEquals(2, queue.outstanding());

        second.onReply(text("$4\r\nheld\r\n"));
        assertEquals(1, queue.outstanding());
        assertEquals(10, queue.bufferedBytes(), "held behind the first reply");

        first.onReply(text(":1\r\n"));
        assertEquals(0, queue.outstanding());
        assertEquals(14, queue.bufferedBytes(), "written, not yet flushed to the socket");
        channel.runPendingTasks();
        assertEquals(0, queue.bufferedBytes());
        assertEquals(List.of(10, 4), arrived);
        written(channel);
    }
}
