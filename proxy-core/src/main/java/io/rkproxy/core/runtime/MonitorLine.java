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
        int redactFrom = Integer.MAX_VALUE;
        int redactTo = -1;
        for (int i = 0; i < command.argCount(); i++) {
            if (redactFrom == Integer.MAX_VALUE) {
                int secrets = secretsAfter(command, i);
                if (secrets > 0) {
                    redactFrom = i + 1;
                    redactTo = i + secrets;
                }
            }
            out.write(' ');
            quote(out, i >= redactFrom && i <= redactTo ? REDACTED : command.argBytes(i));
        }
        ascii(out, "\r\n");
        return out.toByteArray();
    }

    /** How many arguments after argument {@code i} are passwords. */
    private static int secretsAfter(RespCommand command, int i) {
        String name = command.name();
        if (name.equals("auth")) {
            return i == 0 ? Integer.MAX_VALUE - 1 : 0;
        }
        if (name.equals("hello") && i > 0 && command.argEqualsIgnoreCase(i, "auth")) {
            return 2;
        }
        if (name.equals("migrate") && i > 0) {
            return command.argEqualsIgnoreCase(i, "auth") ? 1 : command.argEqualsIgnoreCase(i, "auth2") ? 2 : 0;
        }
        return 0;
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
