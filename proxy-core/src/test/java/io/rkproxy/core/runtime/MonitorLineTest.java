package io.rkproxy.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MonitorLineTest {

    private static final Instant AT = Instant.ofEpochSecond(1_700_000_000L, 42_000);

    @Test
    void quotesEachArgumentAsRedisReprDoes() {
        assertEquals("+1700000000.000042 [0 10.0.0.1:5000] \"SET\" \"k\" \"a\\\"b\\\\c\\r\\n\\t\\x01\\xff\"\r\n",
                line(RespCommand.of("SET".getBytes(StandardCharsets.US_ASCII), "k".getBytes(StandardCharsets.US_ASCII),
                        new byte[] {'a', '"', 'b', '\\', 'c', '\r', '\n', '\t', 1, (byte) 0xff})));
    }

    @Test
    void redactsThePasswordsOfAuthHelloAndMigrateOnly() {
        assertEquals(" \"auth\" \"(redacted)\" \"(redacted)\"", args(RespCommand.of("auth", "user", "pw")));
        assertEquals(" \"HELLO\" \"3\" \"AUTH\" \"(redacted)\" \"(redacted)\" \"SETNAME\" \"app\"",
                args(RespCommand.of("HELLO", "3", "AUTH", "auth", "pw", "SETNAME", "app")));
        assertEquals(" \"MIGRATE\" \"h\" \"1\" \"k\" \"0\" \"5\" \"AUTH2\" \"(redacted)\" \"(redacted)\"",
                args(RespCommand.of("MIGRATE", "h", "1", "k", "0", "5", "AUTH2", "u", "pw")));
        assertEquals(" \"MIGRATE\" \"h\" \"1\" \"k\" \"0\" \"5\" \"AUTH\" \"(redacted)\"",
                args(RespCommand.of("MIGRATE", "h", "1", "k", "0", "5", "AUTH", "pw")));
        assertEquals(" \"SET\" \"auth\" \"pw\"", args(RespCommand.of("SET", "auth", "pw")));
    }

    @Test
    void helloIsReadAsRedisParsesItSoANameSpelledAuthHidesNoOtherArgumentAndShowsNoPassword() {
        assertEquals(" \"HELLO\" \"3\" \"SETNAME\" \"auth\" \"AUTH\" \"(redacted)\" \"(redacted)\"",
                args(RespCommand.of("HELLO", "3", "SETNAME", "auth", "AUTH", "bob", "s3cret")));
        assertEquals(" \"HELLO\" \"3\" \"(redacted)\" \"(redacted)\" \"(redacted)\" \"(redacted)\"",
                args(RespCommand.of("HELLO", "3", "BOGUS", "AUTH", "bob", "s3cret")),
                "from an option HELLO does not know on, anything may be a password");
        assertEquals(" \"MIGRATE\" \"h\" \"1\" \"\" \"0\" \"5\" \"COPY\" \"KEYS\" \"auth\" \"k\"",
                args(RespCommand.of("MIGRATE", "h", "1", "", "0", "5", "COPY", "KEYS", "auth", "k")));
    }

    @Test
    void aMegabyteArgumentShowsItsFirst128BytesAndHowManyMoreThereWere() {
        byte[] big = new byte[1 << 20];
        Arrays.fill(big, (byte) 'v');
        String line = line(RespCommand.of("SET".getBytes(StandardCharsets.US_ASCII),
                "k".getBytes(StandardCharsets.US_ASCII), big));
        assertTrue(line.endsWith(" \"SET\" \"k\" \"" + "v".repeat(128) + "... (" + ((1 << 20) - 128)
                + " more bytes)\"\r\n"), line);
        Arrays.fill(big, (byte) 0xff);
        int binary = line(RespCommand.of("SET".getBytes(StandardCharsets.US_ASCII),
                "k".getBytes(StandardCharsets.US_ASCII), big)).length();
        assertTrue(binary < 700, "escaped as \\xff, 128 bytes make 512 characters: " + binary);
    }

    @Test
    void aCommandOfManyArgumentsShowsThirtyOneAndHowManyMoreThereWere() {
        String[] args = new String[1001];
        args[0] = "SADD";
        Arrays.fill(args, 1, args.length, "m");
        String shown = args(RespCommand.of(args));
        assertEquals(" \"SADD\"" + " \"m\"".repeat(30) + " \"... (970 more arguments)\"", shown);
    }

    private static String line(RespCommand command) {
        try {
            return new String(MonitorLine.format(AT, "10.0.0.1:5000", command), StandardCharsets.ISO_8859_1);
        } finally {
            command.release();
        }
    }

    /** The line after its time and client, without the CRLF. */
    private static String args(RespCommand command) {
        String line = line(command);
        return line.substring(line.indexOf(']') + 1, line.length() - 2);
    }
}
