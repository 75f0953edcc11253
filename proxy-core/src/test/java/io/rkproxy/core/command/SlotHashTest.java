package io.rkproxy.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SlotHashTest {

    private static int crc16(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return SlotHash.crc16(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
    }

    private static int slot(String key) {
        return SlotHash.slot(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void crc16MatchesTheXmodemKnownVector() {
        assertEquals(0x31C3, crc16("123456789"));
    }

    @Test
    void slotsMatchRedisClusterKeyslot() {
        assertEquals(12182, slot("foo"));
        assertEquals(5061, slot("bar"));
        assertEquals(12739, slot("123456789"));
        assertEquals(0, slot(""));
    }

    @Test
    void hashTagsKeepRelatedKeysInOneSlot() {
        assertEquals(slot("user1000"), slot("{user1000}.following"));
        assertEquals(slot("{user1000}.following"), slot("{user1000}.followers"));
        assertEquals(slot("bar"), slot("foo{bar}{zap}"), "the first tag counts");
        assertEquals(slot("{bar"), slot("foo{{bar}}zap"), "from the first { to the next }");
    }

    @Test
    void emptyOrUnclosedTagsHashTheWholeKey() {
        assertEquals(slot("foo{}{bar}"), SlotHash.slot(Unpooled.copiedBuffer("foo{}{bar}", StandardCharsets.UTF_8)));
        assertEquals(crc16("foo{}{bar}") & 16383, slot("foo{}{bar}"));
        assertEquals(crc16("foo{bar") & 16383, slot("foo{bar"));
    }

    @Test
    void aSliceOfALargerBufferIsHashedWhereItLiesWithoutMovingIndexes() {
        ByteBuf buf = Unpooled.copiedBuffer("xx{user1000}.followingyy", StandardCharsets.UTF_8);
        ByteBuf key = buf.slice(2, "{user1000}.following".length());
        int readerBefore = key.readerIndex();
        assertEquals(slot("user1000"), SlotHash.slot(key));
        assertEquals(readerBefore, key.readerIndex());
        buf.release();
    }
}
