package io.rkproxy.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random well-formed RESP, as bytes: backend replies of every RESP2 and RESP3 type, nested, and client commands as
 * multibulks or inline lines. Sizes are kept within the limits given, so that a decoder with those limits must
 * take all of it.
 */
public final class RandomResp {

    private static final byte[] SPECIAL = "\r\n\0*$+-:_,#(!=%~>|\" '\\".getBytes(StandardCharsets.ISO_8859_1);
    private static final String WORD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:._-{}";

    private final Random random;
    private final int maxBulk;

    /** @param maxBulk longest bulk payload and simple line generated */
    public RandomResp(Random random, int maxBulk) {
        this.random = random;
        this.maxBulk = maxBulk;
    }

    /** One top-level reply, aggregates nested at most {@code maxDepth} deep. */
    public byte[] reply(int maxDepth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reply(out, maxDepth, true);
        return out.toByteArray();
    }

    /** One top-level reply that is not a push. */
    public byte[] answer(int maxDepth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reply(out, maxDepth, false);
        return out.toByteArray();
    }

    private void reply(ByteArrayOutputStream out, int depth, boolean pushAllowed) {
        int kinds = depth > 0 ? 18 : 12;
        switch (random.nextInt(kinds)) {
            case 0 -> line(out, '+', word(maxBulk));
            case 1 -> line(out, '-', "ERR " + word(maxBulk - 4));
            case 2 -> line(out, ':', Long.toString(number()));
            case 3 -> bulk(out, '$', binary(random.nextInt(maxBulk + 1)));
            case 4 -> line(out, '$', "-1");
            case 5 -> line(out, '*', random.nextBoolean() ? "-1" : "0");
            case 6 -> line(out, '_', "");
            case 7 -> line(out, ',', random.nextBoolean() ? Double.toString(random.nextGaussian()) : "-inf");
            case 8 -> line(out, '#', random.nextBoolean() ? "t" : "f");
            case 9 -> line(out, '(', (random.nextBoolean() ? "-" : "") + "1" + digits(random.nextInt(40)));
            case 10 -> bulk(out, '=', ("txt:" + word(maxBulk - 4)).getBytes(StandardCharsets.ISO_8859_1));
            case 11 -> bulk(out, '!', ("ERR " + word(maxBulk - 4)).getBytes(StandardCharsets.ISO_8859_1));
            case 12, 13 -> aggregate(out, '*', 1, depth);
            case 14 -> aggregate(out, '%', 2, depth);
            case 15 -> aggregate(out, '~', 1, depth);
            case 16 -> {
                if (pushAllowed) {
                    aggregate(out, '>', 1, depth);
                } else {
                    aggregate(out, '*', 1, depth);
                }
            }
            default -> {
                // An attribute, then the value it annotates.
                aggregate(out, '|', 2, depth);
                reply(out, depth - 1, false);
            }
        }
    }

    private void aggregate(ByteArrayOutputStream out, char type, int childrenPerEntry, int depth) {
        int count = random.nextInt(random.nextInt(10) == 0 ? 16 : 4);
        line(out, type, Integer.toString(count));
        for (int i = 0; i < count * childrenPerEntry; i++) {
            reply(out, depth - 1, false);
        }
    }

    /**
     * A command of 1 to {@code maxArgs} arguments of at most {@code maxBulk} bytes each, as a multibulk.
     */
    public byte[] multibulk(int maxArgs) {
        int count = 1 + random.nextInt(maxArgs);
        List<byte[]> args = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            args.add(binary(random.nextInt(maxBulk + 1)));
        }
        return multibulk(args);
    }

    /**
     * A command as an inline line of at most {@code maxLine} bytes with its terminator: words separated by blanks.
     * {@code words} receives its arguments.
     */
    public byte[] inline(int maxArgs, int maxLine, List<byte[]> words) {
        StringBuilder line = new StringBuilder();
        int count = 1 + random.nextInt(maxArgs);
        for (int i = 0; i < count; i++) {
            String word = word(Math.min(maxBulk, 12));
            if (word.isEmpty() || line.length() + word.length() + 4 > maxLine) {
                break;
            }
            line.append(random.nextInt(4) == 0 ? " \t " : " ").append(word);
            words.add(word.getBytes(StandardCharsets.ISO_8859_1));
        }
        line.append(random.nextBoolean() ? "\r\n" : "\n");
        return line.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Input that frames no command: an empty or null multibulk, or a blank line. */
    public byte[] emptyCommand() {
        String[] empty = {"*0\r\n", "*-1\r\n", "\r\n", "\n", "  \t \r\n"};
        return empty[random.nextInt(empty.length)].getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The multibulk encoding of {@code args}. */
    public static byte[] multibulk(List<byte[]> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        line(out, '*', Integer.toString(args.size()));
        args.forEach(arg -> bulk(out, '$', arg));
        return out.toByteArray();
    }

    /** Bytes of any value, the RESP-significant ones often. */
    public byte[] binary(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : (byte) random.nextInt(256);
        }
        return bytes;
    }

    private String word(int maxLength) {
        int length = random.nextInt(Math.max(1, maxLength + 1));
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(WORD.charAt(random.nextInt(WORD.length())));
        }
        return sb.toString();
    }

    private long number() {
        return switch (random.nextInt(4)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            default -> random.nextInt(2001) - 1000;
        };
    }

    private String digits(int count) {
        StringBuilder sb = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private static void line(ByteArrayOutputStream out, char type, String text) {
        out.write(type);
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        out.write('\r');
        out.write('\n');
    }

    private static void bulk(ByteArrayOutputStream out, char type, byte[] payload) {
        line(out, type, Integer.toString(payload.length));
        out.writeBytes(payload);
        out.write('\r');
        out.write('\n');
    }
}
