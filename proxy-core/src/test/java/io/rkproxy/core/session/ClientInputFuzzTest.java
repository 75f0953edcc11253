package io.rkproxy.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.Fuzz;
import io.rkproxy.testkit.Mutations;
import io.rkproxy.testkit.RandomResp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of a client connection's real pipeline, command decoder and session handler: ECHOs with random
 * arguments, whole or broken, cut into random reads. {@link Fuzz} says how to rerun a failing seed or run longer.
 */
class ClientInputFuzzTest {

    private static final int MAX_BULK = 64;
    private static final String CONFIG = """
            server: {max-bulk-bytes: 64, max-args: 8, max-inline-bytes: 64, max-in-flight: 10000}
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
            tenants:
              alice: {password: alice-secret, pool: cache, db: 1}
            """;

    @Test
    void eachEchoIsAnsweredWithItsArgumentHoweverTheInputIsCut() {
        Fuzz.run("client session, valid input", 1, random -> {
            RandomResp resp = new RandomResp(random, MAX_BULK);
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            StringBuilder expected = new StringBuilder();
            int commands = 1 + random.nextInt(20);
            for (int i = 0; i < commands; i++) {
                byte[] arg = ascii(resp.binary(random.nextInt(MAX_BULK + 1)));
                input.writeBytes(RandomResp.multibulk(List.of(bytes("ECHO"), arg)));
                expected.append('$').append(arg.length).append("\r\n").append(text(arg)).append("\r\n");
            }
            try (TestProxy proxy = new TestProxy(CONFIG)) {
                TestClient client = proxy.connect("alice-secret");
                new Mutations(random).reads(input.toByteArray()).forEach(client::write);
                assertEquals(expected.toString(), client.replies());
                assertTrue(client.isOpen());
            }
        });
    }

    @Test
    void brokenInputEndsWithTheProtocolErrorAndTheConnectionClosed() {
        Fuzz.run("client session, broken input", 1.5, random -> {
            RandomResp resp = new RandomResp(random, MAX_BULK);
            ByteArrayOutputStream input = new ByteArrayOutputStream();
            int commands = 1 + random.nextInt(10);
            for (int i = 0; i < commands; i++) {
                input.writeBytes(RandomResp.multibulk(List.of(bytes("ECHO"), resp.binary(random.nextInt(MAX_BULK)))));
            }
            Mutations mutations = new Mutations(random);
            byte[] broken = mutations.mutate(input.toByteArray());
            try (TestProxy proxy = new TestProxy(CONFIG)) {
                TestClient client = proxy.connect("alice-secret");
                for (byte[] read : mutations.reads(broken)) {
                    if (!client.isOpen()) {
                        break;
                    }
                    client.write(read);
                }
                String replies = client.replies();
                int error = replies.lastIndexOf("-ERR Protocol error: ");
                if (client.isOpen()) {
                    assertEquals(-1, error, replies);
                } else {
                    assertTrue(error >= 0 && replies.indexOf("\r\n", error) == replies.length() - 2,
                            "closed, and the last reply is the protocol error: " + replies);
                }
            }
        });
    }

    /** {@code bytes} with the high bit cleared: replies are read back as UTF-8. */
    private static byte[] ascii(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] &= 0x7F;
        }
        return bytes;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
