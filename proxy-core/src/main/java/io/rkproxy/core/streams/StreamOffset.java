package io.rkproxy.core.streams;

import java.util.OptionalLong;

/**
 * The 64-bit offset a Streams queue replies for a stream entry id {@code <ms>-<seq>}: {@code ms << 20 | seq}. It
 * grows with the id and maps back to it exactly, as long as {@code seq} is below 2^20 (1,048,576 entries in one
 * millisecond of one partition; Redis raises seq past that only if its clock stood still or went back meanwhile)
 * and {@code ms} below 2^43 (the year 2248). Offset + 1 names the next possible id, so "last offset + 1" reads on
 * from a record, as on Kafka; offsets are not dense.
 */
public final class StreamOffset {

    static final int SEQUENCE_BITS = 20;
    static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
    private static final long MAX_MILLIS = (1L << (63 - SEQUENCE_BITS)) - 1;

    private StreamOffset() {
    }

    /** The offset of stream id {@code id}, or empty when the id is past the mapping's limits. */
    public static OptionalLong of(String id) {
        int dash = id.indexOf('-');
        try {
            long ms = Long.parseLong(id.substring(0, dash));
            long seq = Long.parseLong(id.substring(dash + 1));
            if (ms < 0 || ms > MAX_MILLIS || seq < 0 || seq > MAX_SEQUENCE) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(ms << SEQUENCE_BITS | seq);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return OptionalLong.empty();
        }
    }

    /** The stream id that offset {@code offset} (not negative) names. */
    public static String id(long offset) {
        return (offset >>> SEQUENCE_BITS) + "-" + (offset & MAX_SEQUENCE);
    }

    /** The millisecond time of the entry at {@code offset}. */
    public static long millis(long offset) {
        return offset >>> SEQUENCE_BITS;
    }
}
