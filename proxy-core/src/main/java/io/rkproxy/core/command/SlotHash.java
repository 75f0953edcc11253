package io.rkproxy.core.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Redis Cluster's key-to-slot function: CRC16 (XMODEM) of the key, or of its hash tag, modulo 16384. A hash tag is
 * the part between the first {@code {} and the next {@code }} when that part is not empty, so related keys can be
 * kept in one slot. Stateless; works on a key's bytes where they lie, without copying.
 */
public final class SlotHash {

    public static final int SLOT_COUNT = 16384;

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private SlotHash() {
    }

    /** The slot of the key in {@code key}'s readable bytes; the buffer's indexes do not move. */
    public static int slot(ByteBuf key) {
        int from = key.readerIndex();
        int to = key.writerIndex();
        int open = key.indexOf(from, to, (byte) '{');
        if (open >= 0) {
            int close = key.indexOf(open + 1, to, (byte) '}');
            if (close > open + 1) {
                from = open + 1;
                to = close;
            }
        }
        return crc16(key, from, to) & (SLOT_COUNT - 1);
    }

    public static int slot(byte[] key) {
        return slot(Unpooled.wrappedBuffer(key));
    }

    /** CRC16/XMODEM of bytes {@code from} (inclusive) to {@code to} of {@code buf}. */
    static int crc16(ByteBuf buf, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ buf.getByte(i)) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }
}
