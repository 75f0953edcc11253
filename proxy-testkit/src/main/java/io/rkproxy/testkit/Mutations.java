package io.rkproxy.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Breaks well-formed RESP the ways a fuzzer should: flipped and replaced bytes, truncation, huge, negative and
 * overflowing lengths, lone CR or LF, deep nesting, wrong type bytes, inline garbage, NULs; and cuts input into
 * reads.
 */
public final class Mutations {

    private static final String[] NUMBERS = {"-1", "-2", "0", "00", "-0", "+1", " 1", "1 ", "2147483647", "2147483648",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999", "", "1x"};
    private static final byte[] TYPES = "+-:$*_,#(!=%~>|\0\r\nAZ? ".getBytes(StandardCharsets.ISO_8859_1);

    private final Random random;

    public Mutations(Random random) {
        this.random = random;
    }

    /** {@code input} with one to three mutations. */
    public byte[] mutate(byte[] input) {
        byte[] out = input;
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            out = mutateOnce(out);
        }
        return out;
    }

    private byte[] mutateOnce(byte[] in) {
        int at = in.length == 0 ? 0 : random.nextInt(in.length);
        return switch (random.nextInt(10)) {
            case 0 -> {
                byte[] out = in.clone();
                if (out.length > 0) {
                    out[at] ^= (byte) (1 << random.nextInt(8));
                }
                yield out;
            }
            case 1 -> {
                byte[] out = in.clone();
                if (out.length > 0) {
                    out[at] = TYPES[random.nextInt(TYPES.length)];
                }
                yield out;
            }
            case 2 -> Arrays.copyOf(in, at);
            case 3 -> replaceNumber(in);
            case 4 -> remove(in, crOrLf(in));
            case 5 -> insert(in, at, nesting());
            case 6 -> insert(in, at, new byte[] {TYPES[random.nextInt(TYPES.length)]});
            case 7 -> insert(in, at, garbage());
            case 8 -> insert(in, at, new byte[1 + random.nextInt(4)]);
            default -> {
                // A piece of the input again somewhere else.
                int from = in.length == 0 ? 0 : random.nextInt(in.length);
                int to = Math.min(in.length, from + random.nextInt(64));
                yield insert(in, at, Arrays.copyOfRange(in, from, to));
            }
        };
    }

    /** A number after a type byte replaced by an odd one: negative, too big, overflowing, padded, empty. */
    private byte[] replaceNumber(byte[] in) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 1 < in.length; i++) {
            byte b = in[i];
            if ((b == '$' || b == '*' || b == '%' || b == '~' || b == '>' || b == '|' || b == ':' || b == '=')
                    && (in[i + 1] == '-' || Character.isDigit(in[i + 1]))) {
                starts.add(i + 1);
            }
        }
        if (starts.isEmpty()) {
            return in;
        }
        int start = starts.get(random.nextInt(starts.size()));
        int end = start;
        while (end < in.length && in[end] != '\r') {
            end++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, start);
        out.writeBytes(NUMBERS[random.nextInt(NUMBERS.length)].getBytes(StandardCharsets.ISO_8859_1));
        out.write(in, end, in.length - end);
        return out.toByteArray();
    }

    private int crOrLf(byte[] in) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\r' || in[i] == '\n') {
                at.add(i);
            }
        }
        return at.isEmpty() ? -1 : at.get(random.nextInt(at.size()));
    }

    /** Aggregate headers nested deeper than a decoder should take, sometimes. */
    private byte[] nesting() {
        int depth = random.nextBoolean() ? 1 + random.nextInt(20) : 400 + random.nextInt(200);
        String header = new String[] {"*1\r\n", ">1\r\n", "%1\r\n+k\r\n", "|1\r\n+a\r\n+b\r\n"}[random.nextInt(4)];
        return header.repeat(depth).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Random bytes, sometimes a long run with no line end. */
    private byte[] garbage() {
        int length = random.nextInt(8) == 0 ? 1000 + random.nextInt(100_000) : random.nextInt(40);
        byte[] bytes = new byte[length];
        boolean noLineEnd = random.nextBoolean();
        for (int i = 0; i < length; i++) {
            byte b = (byte) random.nextInt(256);
            bytes[i] = noLineEnd && (b == '\n' || b == '\r') ? (byte) 'x' : b;
        }
        return bytes;
    }

    /** {@code input} cut into reads: whole, byte by byte, at one point, or in random sizes. */
    public List<byte[]> reads(byte[] input) {
        return switch (random.nextInt(input.length > 4096 ? 3 : 4)) {
            case 0 -> List.of(input);
            case 1 -> {
                int cut = random.nextInt(input.length + 1);
                yield List.of(Arrays.copyOfRange(input, 0, cut), Arrays.copyOfRange(input, cut, input.length));
            }
            case 2 -> randomReads(input);
            default -> randomReads(input, 1);
        };
    }

    private List<byte[]> randomReads(byte[] input) {
        return randomReads(input, 1 + random.nextInt(random.nextBoolean() ? 8 : 2048));
    }

    private List<byte[]> randomReads(byte[] input, int maxRead) {
        List<byte[]> reads = new ArrayList<>();
        for (int i = 0; i < input.length; ) {
            int size = 1 + random.nextInt(maxRead);
            reads.add(Arrays.copyOfRange(input, i, Math.min(input.length, i + size)));
            i += size;
        }
        return reads;
    }

    private static byte[] remove(byte[] in, int at) {
        if (at < 0) {
            return in;
        }
        byte[] out = new byte[in.length - 1];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + 1, out, at, in.length - at - 1);
        return out;
    }

    private static byte[] insert(byte[] in, int at, byte[] piece) {
        byte[] out = new byte[in.length + piece.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(in, at, out, at + piece.length, in.length - at);
        return out;
    }
}
