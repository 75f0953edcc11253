package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The default max-bulk-bytes, 64 MiB, with no server keys set: the limit itself, not a smaller one of a test's. */
class BulkLimitTest {

    static final int DEFAULT_LIMIT = 64 * 1024 * 1024;

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension("alice: {password: alice-secret, pool: cache, db: 1}");

    @Test
    void aBulkAtTheDefaultLimitIsWrittenAndReadBack() throws IOException {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.timeout(60_000);
            sendSet(c, DEFAULT_LIMIT, true);
            assertEquals("+OK", c.read());
            assertEquals(":" + DEFAULT_LIMIT, c.call("STRLEN", "big"));
            String value = c.call("GET", "big");
            assertEquals(DEFAULT_LIMIT, value.length());
            assertEquals("+PONG", c.call("PING"));
        }
    }

    @Test
    void aBulkOneByteOverTheDefaultLimitGetsRedissErrorAndTheConnectionCloses() throws IOException {
        try (RespSocket healthy = proxy.login("alice-secret"); RespSocket c = proxy.login("alice-secret")) {
            sendSet(c, DEFAULT_LIMIT + 1, false);
            assertEquals("-ERR Protocol error: invalid bulk length", c.read());
            assertTrue(c.isClosedByServer());
            assertEquals("+PONG", healthy.call("PING"));
        }
    }

    /** {@code SET big <length bytes>}; only the header when {@code withValue} is false, as a client that is refused. */
    private static void sendSet(RespSocket c, int length, boolean withValue) throws IOException {
        OutputStream out = c.output();
        out.write(("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (withValue) {
            byte[] chunk = new byte[1024 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            for (int left = length; left > 0; left -= chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, left));
            }
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }
}
