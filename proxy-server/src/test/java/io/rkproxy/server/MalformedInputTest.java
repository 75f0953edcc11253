package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MalformedInputTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension("alice: {password: alice-secret, pool: cache, db: 1}")
            .withServerKeys("max-bulk-bytes: 1048576\nmax-args: 1000");

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "*abc\\r\\n|ERR Protocol error: invalid multibulk length",
            "*1\\r\\n+PING\\r\\n|ERR Protocol error: expected '$', got '+'",
            "*1\\r\\n$-5\\r\\n|ERR Protocol error: invalid bulk length",
            "*1\\r\\n$2000000\\r\\n|ERR Protocol error: invalid bulk length",
            "*1001\\r\\n|ERR Protocol error: invalid multibulk length",
            "SET \"unbalanced\\r\\n|ERR Protocol error: unbalanced quotes in request"})
    void protocolErrorRepliesThenClosesAndOthersKeepBeingServed(String bytes, String error) {
        try (RespSocket healthy = proxy.login("alice-secret")) {
            try (RespSocket bad = proxy.login("alice-secret")) {
                bad.sendRaw("PING\r\n" + bytes.replace("\\r\\n", "\r\n"));
                assertEquals("+PONG", bad.read(), "replies to earlier commands come first");
                assertEquals("-" + error, bad.read());
                assertTrue(bad.isClosedByServer());
            }
            assertEquals("+OK", healthy.call("SET", "still", "served"));
            assertEquals("served", healthy.call("GET", "still"));
        }
    }

    @Test
    void unauthenticatedClientsGetRedisSmallLimits() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            c.sendRaw("*11\r\n");
            assertEquals("-ERR Protocol error: unauthenticated multibulk length", c.read());
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void resetReturnsTheConnectionToTheUnauthenticatedLimits() {
        String big = "p".repeat(100 * 1024);
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals(big, c.call("ECHO", big), "authenticated: a 100 KB bulk is read");
            assertEquals("+RESET", c.call("RESET"));
            c.send("AUTH", big);
            assertEquals("-ERR Protocol error: unauthenticated bulk length", c.read());
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void inlineCommandsWorkAsWithTelnet() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            c.sendRaw("AUTH alice-secret\r\nSET greeting \"hello world\"\r\nGET greeting\n");
            assertEquals("+OK", c.read());
            assertEquals("+OK", c.read());
            assertEquals("hello world", c.read());
        }
    }
}
