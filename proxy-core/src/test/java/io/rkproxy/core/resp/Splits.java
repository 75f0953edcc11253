package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Ways of cutting one input into reads: at every byte boundary into two, and into single bytes. */
final class Splits {

    private Splits() {
    }

    /** Test inputs are written as ISO-8859-1 strings so that every char is exactly one byte. */
    static byte[] bytes(String input) {
        return input.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A buffer with its own reference count, even when empty (unlike {@code Unpooled.wrappedBuffer}). */
    static ByteBuf buffer(byte[] bytes) {
        return Unpooled.buffer(bytes.length).writeBytes(bytes);
    }

    static List<List<byte[]>> everyWay(byte[] input) {
        List<List<byte[]>> ways = new ArrayList<>();
        for (int i = 0; i <= input.length; i++) {
            ways.add(List.of(Arrays.copyOfRange(input, 0, i), Arrays.copyOfRange(input, i, input.length)));
        }
        ways.add(chunks(input, 1));
        return ways;
    }

    static List<byte[]> chunks(byte[] input, int size) {
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < input.length; i += size) {
            chunks.add(Arrays.copyOfRange(input, i, Math.min(input.length, i + size)));
        }
        return chunks;
    }
}
