package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TenantLimitsTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "reporter: {password: r-secret, pool: cache, db: 5, commands: {allow: ['@read', ping]}}",
            "careful: {password: c-secret, pool: cache, db: 1, commands: {deny: ['@dangerous', 'del']}}",
            "few: {password: f-secret, pool: cache, db: 2, max-connections: 2}",
            "slow: {password: s-secret, pool: cache, db: 3, max-ops-per-second: 20}",
            "small: {password: m-secret, pool: cache, db: 4, max-request-bytes: 100}",
            "everything: {password: e-secret, pool: cache, db: 6, commands: {allow: ['@all'], deny: [append]}}");

    private static TenantMeters meters(String tenant) {
        return proxy.runtime().meters().meters(tenant);
    }

    @Test
    void allowListLetsOnlyWhatItNamesRun() {
        try (RespSocket c = proxy.login("r-secret")) {
            assertEquals("(nil)", c.call("GET", "k"));
            assertEquals("+PONG", c.call("PING"));
            assertEquals("-NOPERM this user has no permissions to run the 'set' command", c.call("SET", "k", "v"));
            assertEquals("-NOPERM this user has no permissions to run the 'echo' command", c.call("ECHO", "x"),
                    "proxy-answered commands follow the rules too");
        }
    }

    @Test
    void allowAllOpensEveryCommandButNotWhatTheProxyKeepsToItself() {
        try (RespSocket c = proxy.login("e-secret")) {
            assertEquals("+OK", c.call("SET", "k", "v"));
            assertEquals("v", c.call("GET", "k"));
            assertEquals("x", c.call("ECHO", "x"));
            assertEquals("-NOPERM this user has no permissions to run the 'append' command", c.call("APPEND", "k", "w"),
                    "deny still wins over @all");
            assertEquals("-NOPERM this user has no permissions to run the 'shutdown' command", c.call("SHUTDOWN"),
                    "@all does not open server-wide commands");
        }
    }

    @Test
    void denyListWinsByNameAndByCategory() {
        try (RespSocket c = proxy.login("c-secret")) {
            assertEquals("+OK", c.call("SET", "k", "v"));
            assertEquals("-NOPERM this user has no permissions to run the 'del' command", c.call("DEL", "k"));
            assertEquals("-NOPERM this user has no permissions to run the 'keys' command", c.call("KEYS", "*"));
            assertEquals("-NOPERM this user has no permissions to run the 'info' command", c.call("INFO"));
            assertEquals("v", c.call("GET", "k"));
        }
    }

    @Test
    void maxConnectionsRefusesTheNextLoginAndRecovers() {
        long before = meters("few").refusals(Refusal.MAX_CONNECTIONS);
        try (RespSocket first = proxy.login("f-secret"); RespSocket second = proxy.login("f-secret");
             RespSocket third = new RespSocket(proxy.port())) {
            assertEquals("-ERR max number of clients reached", third.call("AUTH", "f-secret"));
            assertEquals("-NOAUTH Authentication required.", third.call("GET", "k"));
            second.close();
            awaitConnections("few", 1);
            assertEquals("+OK", third.call("AUTH", "f-secret"));
            assertEquals("+PONG", first.call("PING"));
        }
        assertEquals(before + 1, meters("few").refusals(Refusal.MAX_CONNECTIONS));
    }

    @Test
    void rateLimitRefusesWithoutClosingAndRecovers() throws InterruptedException {
        try (RespSocket c = proxy.login("s-secret")) {
            int limited = 0;
            for (int i = 0; i < 60; i++) {
                String reply = c.call("PING");
                if (reply.equals("-ERR rate limit exceeded")) {
                    limited++;
                } else {
                    assertEquals("+PONG", reply);
                }
            }
            assertTrue(limited >= 30, "at 20/s with a one-second burst most of 60 quick PINGs are refused: "
                    + limited);
            Thread.sleep(200);
            assertEquals("+PONG", c.call("PING"), "the connection stays open and the bucket refills");
            assertTrue(meters("slow").refusals(Refusal.RATE_LIMITED) >= limited);
        }
    }

    @Test
    void oversizedRequestIsRefusedAndTheConnectionGoesOn() {
        try (RespSocket c = proxy.login("m-secret")) {
            String big = "x".repeat(200);
            String reply = c.call("SET", "k", big);
            assertTrue(reply.startsWith("-ERR request too large: ") && reply.endsWith("the limit is 100 "
                    + "(max-request-bytes)"), reply);
            assertEquals("+OK", c.call("SET", "k", "small"));
            assertEquals("small", c.call("GET", "k"));
        }
        assertEquals("(nil)", proxy.backendCall(4, "GET", "never"));
    }

    private static void awaitConnections(String tenant, int expected) {
        for (int i = 0; i < 200 && meters(tenant).connections().get() != expected; i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertEquals(expected, meters(tenant).connections().get());
    }
}
