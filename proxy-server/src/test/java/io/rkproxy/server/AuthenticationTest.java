package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthenticationTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password-sha256: " + sha256("bob-secret") + ", pool: cache, db: 2}")
            .withServerKeys("auth-timeout-ms: 500");

    @Test
    void commandsBeforeAuthGetNoauth() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("-NOAUTH Authentication required.", c.call("GET", "k"));
            assertEquals("-NOAUTH Authentication required.", c.call("PING"));
        }
    }

    @Test
    void passwordAloneIdentifiesTheTenant() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
            assertEquals("+PONG", c.call("PING"));
        }
    }

    @Test
    void tenantAndPasswordAuthenticate() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("AUTH", "bob", "bob-secret"));
            assertEquals("+OK", c.call("SET", "whoami", "bob"));
        }
        assertEquals("bob", proxy.backendCall(2, "GET", "whoami"));
    }

    @Test
    void userDefaultWithPasswordIdentifiesTheTenantAsClientsOftenSendIt() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("AUTH", "default", "alice-secret"));
        }
    }

    @Test
    void wrongCredentialsGetWrongpass() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            String wrongpass = "-WRONGPASS invalid username-password pair or user is disabled.";
            assertEquals(wrongpass, c.call("AUTH", "alice", "bob-secret"));
            assertEquals(wrongpass, c.call("AUTH", "nobody", "alice-secret"));
            assertEquals("-NOAUTH Authentication required.", c.call("GET", "k"));
            assertEquals("+OK", c.call("AUTH", "alice", "alice-secret"));
        }
    }

    @Test
    void helloTwoAuthenticatesAndRepliesLikeRedis() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            String reply = c.call("HELLO", "2", "AUTH", "alice", "alice-secret", "SETNAME", "app1");
            assertTrue(reply.startsWith("server\nredis\nversion\n7."), reply);
            assertTrue(reply.contains("proto\n:2\nid\n:"), reply);
            assertTrue(reply.endsWith("mode\nstandalone\nrole\nmaster\nmodules\n"), reply);
            assertEquals("app1", c.call("CLIENT", "GETNAME"));
        }
    }

    @Test
    void helloWithoutAuthBeforeAuthenticationIsRefused() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertTrue(c.call("HELLO", "2").startsWith("-NOAUTH HELLO must be called with the client already"));
        }
    }

    @Test
    void helloWithAnUnknownProtocolGetsNoproto() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("-NOPROTO unsupported protocol version", c.call("HELLO", "4", "AUTH", "alice",
                    "alice-secret"));
            assertEquals("-NOAUTH Authentication required.", c.call("GET", "k"));
        }
    }

    @Test
    void unauthenticatedConnectionIsClosedAfterTheAuthTimeout() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            c.timeout(3000);
            assertEquals("-ERR authentication timeout, closing connection", c.read());
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void aConnectionResetToUnauthenticatedGetsTheAuthTimeoutAgain() throws InterruptedException {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
            Thread.sleep(800);
            assertEquals("+RESET", c.call("RESET"));
            c.timeout(3000);
            assertEquals("-ERR authentication timeout, closing connection", c.read());
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void authenticatedConnectionOutlivesTheAuthTimeout() throws InterruptedException {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
            Thread.sleep(800);
            assertEquals("+PONG", c.call("PING"));
        }
    }

    @Test
    void quitRepliesOkAndCloses() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("QUIT"));
            assertTrue(c.isClosedByServer());
        }
    }

    static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
