package io.rkproxy.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one RESP reply from a blocking stream and renders it as text: simple strings, errors and integers as
 * their line ({@code +OK}, {@code -ERR ...}, {@code :1}), bulks as their content (or {@code (nil)}), arrays as
 * their elements joined by newlines. RESP3: null is {@code (nil)}, doubles, booleans and big numbers are their
 * line ({@code ,1.5}); maps, sets and pushes keep their header line ({@code %2}, {@code ~3}, {@code >3}) before
 * their elements, so a test can see the type. Good enough to assert on; no client library in between.
 */
public final class RespText {

    private RespText() {
    }

    public static String readReply(InputStream in) throws IOException {
        String line = readLine(in);
        switch (line.charAt(0)) {
            case '+', '-', ':', ',', '#', '(' -> {
                return line;
            }
            case '_' -> {
                return "(nil)";
            }
            case '%', '~', '>' -> {
                int n = Integer.parseInt(line.substring(1)) * (line.charAt(0) == '%' ? 2 : 1);
                StringBuilder sb = new StringBuilder(line);
                for (int i = 0; i < n; i++) {
                    sb.append('\n').append(readReply(in));
                }
                return sb.toString();
            }
            case '$', '=' -> {
                int len = Integer.parseInt(line.substring(1));
                if (len < 0) {
                    return "(nil)";
                }
                byte[] data = in.readNBytes(len + 2);
                if (data.length < len + 2) {
                    throw new EOFException("bulk cut short");
                }
                return new String(data, 0, len, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(line.substring(1));
                if (n < 0) {
                    return "(nil)";
                }
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append('\n');
                    }
                    sb.append(readReply(in));
                }
                return sb.toString();
            }
            default -> throw new IOException("not a RESP reply: " + line);
        }
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (prev == '\r' && b == '\n') {
                byte[] bytes = buf.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            buf.write(b);
            prev = b;
        }
    }
}
