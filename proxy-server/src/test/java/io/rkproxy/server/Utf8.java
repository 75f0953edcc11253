package io.rkproxy.server;

import java.io.ByteArrayOutputStream;

/** UTF-8 bytes as a C string function may leave them: a multi-byte character cut short. */
final class Utf8 {

    private Utf8() {
    }

    /** {@code bytes} without the lead and continuation bytes of any character that is cut short. */
    static byte[] withoutCutCharacters(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            int length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
            int complete = 1;
            while (complete < length && i + complete < bytes.length && (bytes[i + complete] & 0xC0) == 0x80) {
                complete++;
            }
            if (length > 0 && complete == length) {
                out.write(bytes, i, length);
            }
            i += Math.max(1, complete);
        }
        return out.toByteArray();
    }
}
