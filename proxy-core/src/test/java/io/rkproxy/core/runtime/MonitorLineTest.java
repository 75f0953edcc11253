package io.rkproxy.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
