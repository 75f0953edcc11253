package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;

/** Parses decimal integers out of RESP lines as strictly as Redis's {@code string2ll}. */
final class LongParser {

    private LongParser() {
    }

    /**
     * Parses the bytes in {@code [start, end)}: an optional {@code '-'} and digits without leading zeros, no
     * spaces, no {@code '+'}, within the range of {@code long}.
     *
     * @throws NumberFormatException if the bytes are not such a number
     */
    static long parse(ByteBuf buf, int start, int end) {
        int length = end - start;
        if (length <= 0 || length > 20) {
            throw new NumberFormatException();
        }
        int i = start;
        int c = buf.getByte(i);
        if (length == 1 && c == '0') {
            return 0;
        }
        boolean negative = c == '-';
        if (negative && ++i < end) {
            c = buf.getByte(i);
        }
        if (c < '1' || c > '9') {
            throw new NumberFormatException();
        }
        // Accumulate negatively, like Long.parseLong, so that Long.MIN_VALUE is representable.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multiplyMin = limit / 10;
        long value = 0;
        for (; i < end; i++) {
            int digit = buf.getByte(i) - '0';
            if (digit < 0 || digit > 9 || value < multiplyMin) {
                throw new NumberFormatException();
            }
            value *= 10;
            if (value < limit + digit) {
                throw new NumberFormatException();
            }
            value -= digit;
        }
        return negative ? value : -value;
    }
}
