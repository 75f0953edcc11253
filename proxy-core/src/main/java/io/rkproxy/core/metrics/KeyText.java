package io.rkproxy.core.metrics;

import java.nio.charset.StandardCharsets;

/** A key as the hot and big key lists show it: UTF-8, cut to its first {@value #MAX_BYTES} bytes. */
final class KeyText {

    static final int MAX_BYTES = 128;

    private KeyText() {
    }

    static String of(byte[] key) {
        if (key.length <= MAX_BYTES) {
            return new String(key, StandardCharsets.UTF_8);
        }
        return new String(key, 0, MAX_BYTES, StandardCharsets.UTF_8) + "... (" + (key.length - MAX_BYTES)
                + " more bytes)";
    }
}
