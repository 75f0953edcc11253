package io.rkproxy.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

class NettyLeaksTest {

    @Test
    void aBufferDroppedWithoutReleaseIsReportedOnceAndFailsTheCheck() {
        NettyLeaks.collect();
        dropUnreleased("dropped-by-NettyLeaksTest-" + System.nanoTime());
        AssertionError failure = assertThrows(AssertionError.class, () -> NettyLeaks.assertNone("the leaking test"));
        assertTrue(failure.getMessage().contains("dropped-by-NettyLeaksTest-"), failure.getMessage());
        assertEquals(List.of(), NettyLeaks.collect());
    }

    @Test
    void releasedBuffersAreNoLeak() {
        NettyLeaks.collect();
        for (int i = 0; i < 100; i++) {
            ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(16).writeInt(i);
            buf.retainedSlice().release();
            buf.release();
        }
        NettyLeaks.assertNone("releasing every buffer");
    }

    private static void dropUnreleased(String hint) {
        ByteBufAllocator.DEFAULT.buffer(8).writeLong(1).touch(hint);
    }
}
