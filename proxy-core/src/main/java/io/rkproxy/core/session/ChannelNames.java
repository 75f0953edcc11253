package io.rkproxy.core.session;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A tenant's channel namespace on a backend whose channels are server-wide: names gain the tenant's prefix on the
 * way in and lose it on the way out. In patterns the prefix is escaped, so a tenant's pattern can only ever match
 * the tenant's own channels.
 */
final class ChannelNames {

    private final byte[] prefix;
    private final byte[] patternPrefix;

    ChannelNames(String prefix) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.patternPrefix = escapeGlob(prefix).getBytes(StandardCharsets.UTF_8);
    }

    byte[] channel(byte[] name) {
        return concat(prefix, name);
    }

    byte[] pattern(byte[] pattern) {
        return concat(patternPrefix, pattern);
    }

    /** The tenant's name for a backend channel, or null when the channel is not the tenant's. */
    byte[] stripChannel(byte[] backendName) {
        return strip(prefix, backendName);
    }

    /** The tenant's pattern for a backend pattern, or null when the pattern is not the tenant's. */
    byte[] stripPattern(byte[] backendPattern) {
        return strip(patternPrefix, backendPattern);
    }

    private static byte[] strip(byte[] prefix, byte[] name) {
        if (name.length < prefix.length || !Arrays.equals(name, 0, prefix.length, prefix, 0, prefix.length)) {
            return null;
        }
        return Arrays.copyOfRange(name, prefix.length, name.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String escapeGlob(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
