package io.rkproxy.core.resp;

import io.netty.buffer.ByteBuf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The lower-case names of the commands clients send, each one interned {@code String} for the life of the process,
 * so that {@link RespCommand#name()} finds a known name in the bytes it arrived in instead of allocating it for every
 * command. Built once from {@code command-names.txt}; a name not listed there is not found, and its command
 * allocates its name as before. Immutable: an open-addressing table of the names by their hash.
 */
final class CommandNames {

    private static final String[] TABLE;
    private static final int MASK;
    private static final int MAX_LENGTH;

    static {
        List<String> names = load();
        int capacity = Integer.highestOneBit(names.size() * 4 - 1); // at most half full
        TABLE = new String[capacity];
        MASK = capacity - 1;
        int maxLength = 0;
        for (String name : names) {
            if (!name.chars().allMatch(c -> c < 128 && (c < 'A' || c > 'Z'))) {
                throw new IllegalStateException("command-names.txt: not a lower-case ASCII name: " + name);
            }
            int i = hash(name) & MASK;
            while (TABLE[i] != null) {
                i = (i + 1) & MASK;
            }
            TABLE[i] = name.intern();
            maxLength = Math.max(maxLength, name.length());
        }
        MAX_LENGTH = maxLength;
    }

    private CommandNames() {
    }

    /**
     * The listed name that the {@code length} bytes at {@code index} spell with ASCII letters lower-cased, or null.
     * Does not allocate.
     */
    static String find(ByteBuf buf, int index, int length) {
        if (length == 0 || length > MAX_LENGTH) {
            return null;
        }
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + toLowerAscii(buf.getByte(index + i));
        }
        for (int i = spread(h) & MASK; TABLE[i] != null; i = (i + 1) & MASK) {
            if (spells(TABLE[i], buf, index, length)) {
                return TABLE[i];
            }
        }
        return null;
    }

    private static boolean spells(String name, ByteBuf buf, int index, int length) {
        if (name.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (name.charAt(i) != toLowerAscii(buf.getByte(index + i))) {
                return false;
            }
        }
        return true;
    }

    /** The same hash as {@link #find} computes from the bytes, for a lower-case ASCII name. */
    private static int hash(String name) {
        return spread(name.hashCode());
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    /** Lower-cases ASCII letters; any other byte keeps its value, so a non-ASCII byte matches no listed name. */
    static int toLowerAscii(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    private static List<String> load() {
        try (InputStream in = CommandNames.class.getResourceAsStream("command-names.txt")) {
            if (in == null) {
                throw new IllegalStateException("command-names.txt is missing from the classpath");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
