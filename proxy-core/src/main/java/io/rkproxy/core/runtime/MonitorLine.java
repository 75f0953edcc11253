package io.rkproxy.core.runtime;

import io.rkproxy.core.resp.RespCommand;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * One line of MONITOR's stream in Redis's format: {@code +<unix time>.<micros> [0 <client address>] "name" "arg"...},
 * each argument quoted and escaped as Redis's {@code sdscatrepr} does. The password arguments of AUTH, HELLO's AUTH
 * and MIGRATE's AUTH/AUTH2 show as {@code "(redacted)"}, as Redis shows them.
 *
 * <p>Unlike Redis, a line is cut as Redis's slow log cuts its entries: the first {@link #MAX_ARG_BYTES} bytes of an
 * argument, then {@code ... (n more bytes)}; at most {@link #MAX_ARGS} arguments, the last one shown being
 * {@code ... (n more arguments)}. A tenant's big values so cost its monitors a few kilobytes a line at most.
 */
final class MonitorLine {

    static final int MAX_ARG_BYTES = 128;
    static final int MAX_ARGS = 32;
    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    private MonitorLine() {
    }

    static byte[] format(Instant at, String clientAddress, RespCommand command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        ascii(out, "+" + at.getEpochSecond() + "." + String.format("%06d", at.getNano() / 1000) + " [0 "
                + clientAddress + "]");
        boolean[] secret = secrets(command);
        int shown = Math.min(command.argCount(), MAX_ARGS);
        for (int i = 0; i < shown; i++) {
            out.write(' ');
            if (shown < command.argCount() && i == shown - 1) {
                quote(out, ("... (" + (command.argCount() - i) + " more arguments)")
                        .getBytes(StandardCharsets.US_ASCII), 0);
            } else {
                byte[] arg = secret[i] ? REDACTED : command.argBytes(i);
                quote(out, arg, arg.length - MAX_ARG_BYTES);
            }
        }
        ascii(out, "\r\n");
        return out.toByteArray();
    }

    /** Which arguments are passwords, found as Redis parses AUTH, HELLO and MIGRATE. */
    private static boolean[] secrets(RespCommand command) {
        boolean[] secret = new boolean[command.argCount()];
        switch (command.name()) {
            case "auth" -> Arrays.fill(secret, 1, secret.length, true);
            case "hello" -> helloSecrets(command, secret);
            case "migrate" -> migrateSecrets(command, secret);
            default -> {
            }
        }
        return secret;
    }

    /**
     * {@code HELLO [protover [AUTH user password] [SETNAME name]]}. At an option Redis does not know, HELLO fails;
     * it and everything after it are hidden, as they may hold a password.
     */
    private static void helloSecrets(RespCommand command, boolean[] secret) {
        int i = 2;
        while (i < secret.length) {
            if (command.argEqualsIgnoreCase(i, "auth")) {
                redact(secret, i + 1, i + 2);
                i += 3;
            } else if (command.argEqualsIgnoreCase(i, "setname")) {
                i += 2;
            } else {
                redact(secret, i, secret.length - 1);
                return;
            }
        }
    }

    /** {@code MIGRATE host port key db timeout [COPY] [REPLACE] [AUTH password | AUTH2 user password] [KEYS key...]}. */
    private static void migrateSecrets(RespCommand command, boolean[] secret) {
        for (int i = 6; i < secret.length; i++) {
            if (command.argEqualsIgnoreCase(i, "auth")) {
                redact(secret, i + 1, i + 1);
                i++;
            } else if (command.argEqualsIgnoreCase(i, "auth2")) {
                redact(secret, i + 1, i + 2);
                i += 2;
            } else if (!command.argEqualsIgnoreCase(i, "copy") && !command.argEqualsIgnoreCase(i, "replace")) {
                return;
            }
        }
    }

    private static void redact(boolean[] secret, int from, int to) {
        for (int i = from; i <= Math.min(to, secret.length - 1); i++) {
            secret[i] = true;
        }
    }

    /** Quotes {@code arg}, of which the last {@code cut} bytes, if positive, are left out and counted. */
    private static void quote(ByteArrayOutputStream out, byte[] arg, int cut) {
        out.write('"');
        for (int i = 0; i < arg.length - Math.max(cut, 0); i++) {
            byte b = arg[i];
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
        if (cut > 0) {
            ascii(out, "... (" + cut + " more bytes)");
        }
        out.write('"');
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
