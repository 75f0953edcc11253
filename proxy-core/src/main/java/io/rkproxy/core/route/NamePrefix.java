package io.rkproxy.core.route;

import io.rkproxy.core.command.GlobPattern;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A tenant's namespace on a backend it shares: channel names (which are server-wide) and, on a cluster, keys gain
 * the tenant's prefix on the way in and lose it on the way out. In patterns the prefix is escaped, so a tenant's
 * pattern can only ever match the tenant's own names.
 */
final class NamePrefix {

    private final byte[] prefix;
    private final byte[] patternPrefix;

    NamePrefix(String prefix) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.patternPrefix = GlobPattern.escape(prefix).getBytes(StandardCharsets.UTF_8);
    }

    byte[] add(byte[] name) {
        return concat(prefix, name);
    }

    byte[] addToPattern(byte[] pattern) {
        return concat(patternPrefix, pattern);
    }

    /** The tenant's name for a backend name, or null when the name is not the tenant's. */
    byte[] strip(byte[] backendName) {
        return strip(prefix, backendName);
    }

    /** The tenant's pattern for a backend pattern, or null when the pattern is not the tenant's. */
    byte[] stripFromPattern(byte[] backendPattern) {
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
}
