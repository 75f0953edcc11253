package io.rkproxy.core.runtime;

import io.rkproxy.core.resp.RespCommand;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One line of MONITOR's stream in Redis's format: {@code +<unix time>.<micros> [0 <client address>] "name" "arg"...},
 * each argument quoted and escaped as Redis's {@code sdscatrepr} does. The password arguments of AUTH, HELLO's AUTH
 * and MIGRATE's AUTH/AUTH2 show as {@code "(redacted)"}, as Redis shows them.
 */
final class MonitorLine {

    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    private MonitorLine() {
    }

    static byte[] format(Instant at, String clientAddress, RespCommand command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + command.sizeInBytes());
        ascii(out, "+" + at.getEpochSecond() + "." + String.format("%06d", at.getNano() / 1000) + " [0 "
                + clientAddress + "]");
        boolean[] secret = secrets(command);
        for (int i = 0; i < command.argCount(); i++) {
            out.write(' ');
            quote(out, secret[i] ? REDACTED : command.argBytes(i));
        }
        ascii(out, "\r\n");
        return out.toByteArray();
    }

    /** Which arguments are passwords. */
    private static boolean[] secrets(RespCommand command) {
        boolean[] secret = new boolean[command.argCount()];
        String name = command.name();
        for (int i = 1; i < secret.length; i++) {
            if (name.equals("auth")) {
                secret[i] = true;
            } else if (!secret[i] && (name.equals("hello") || name.equals("migrate"))) {
                int last = Math.min(i + passwordsAfter(name, command, i), secret.length - 1);
                for (int j = i + 1; j <= last; j++) {
                    secret[j] = true;
                }
            }
        }
        return secret;
    }

    /** HELLO's {@code AUTH user password}, MIGRATE's {@code AUTH password} or {@code AUTH2 user password}. */
    private static int passwordsAfter(String name, RespCommand command, int i) {
        if (command.argEqualsIgnoreCase(i, "auth")) {
            return name.equals("hello") ? 2 : 1;
        }
        return name.equals("migrate") && command.argEqualsIgnoreCase(i, "auth2") ? 2 : 0;
    }

    private static void quote(ByteArrayOutputStream out, byte[] arg) {
        out.write('"');
        for (byte b : arg) {
            switch (b) {
                case '\\' -> ascii(out, "\\\\");
                case '"' -> ascii(out, "\\\"");
                case '\n' -> ascii(out, "\\n");
                case '\r' -> ascii(out, "\\r");
                case '\t' -> ascii(out, "\\t");
                case 7 -> ascii(out, "\\a");
                case '\b' -> ascii(out, "\\b");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        out.write(b);
                    } else {
                        ascii(out, String.format("\\x%02x", b & 0xff));
                    }
                }
            }
        }
        out.write('"');
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
