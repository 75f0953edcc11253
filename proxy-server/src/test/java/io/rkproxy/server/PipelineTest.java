package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.testkit.RespSocket;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PipelineTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension("alice: {password: alice-secret, pool: cache, db: 1}");

    @Test
    void hundredThousandPipelinedCommandsReplyInRequestOrder() throws Exception {
        int n = 100_000;
        try (RespSocket c = proxy.login("alice-secret")) {
            // Writes and reads run at once, as a pipelining client does; mixed local and forwarded commands.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(c.output(), n));
            for (int i = 0; i < n; i++) {
                switch (i % 4) {
                    case 0 -> assertEquals("+OK", c.read(), "SET #" + i);
                    case 1 -> assertEquals("v" + (i - 1), c.read(), "GET #" + i);
                    case 2 -> assertEquals(":" + (i / 4 + 1), c.read(), "INCR #" + i);
                    default -> assertEquals("e" + i, c.read(), "ECHO #" + i);
                }
            }
            writer.get();
        }
    }

    private static void write(OutputStream raw, int n) {
        try {
            OutputStream out = new BufferedOutputStream(raw, 64 * 1024);
            for (int i = 0; i < n; i++) {
                String cmd = switch (i % 4) {
                    case 0 -> RespSocket.encode("SET", "k" + i, "v" + i);
                    case 1 -> RespSocket.encode("GET", "k" + (i - 1));
                    case 2 -> RespSocket.encode("INCR", "counter");
                    default -> RespSocket.encode("ECHO", "e" + i);
                };
                out.write(cmd.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
