package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DefaultTenantTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "default: {pool: cache, db: 2}",
            "alice: {password: alice-secret, pool: cache, db: 1}");

    @Test
    void clientsWithoutAuthAreTheDefaultTenant() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("SET", "k", "anonymous"));
        }
        assertEquals("anonymous", proxy.backendCall(2, "GET", "k"));
    }

    @Test
    void authSwitchesToAnotherTenantAndResetComesBack() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            c.call("SET", "who", "default");
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
            assertEquals("(nil)", c.call("GET", "who"));
            assertEquals("+RESET", c.call("RESET"));
            assertEquals("default", c.call("GET", "who"));
        }
    }

    @Test
    void resetBackToTheDefaultTenantKeepsTheAuthenticatedLimits() {
        String big = "v".repeat(100 * 1024);
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
            assertEquals("+RESET", c.call("RESET"));
            assertEquals(big, c.call("ECHO", big), "the default tenant is authenticated: a 100 KB bulk is read");
        }
    }

    @Test
    void helloTwoWithoutAuthWorksForTheDefaultTenant() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("server", c.call("HELLO", "2").lines().findFirst().orElseThrow());
        }
    }

    /** Lettuce's default HELLO 3 without credentials lands on the open default tenant. */
    @Test
    void lettuceWithoutCredentialsIsTheDefaultTenant() {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", proxy.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertEquals("OK", connection.sync().set("lettuce", "anonymous"));
            assertEquals("anonymous", connection.sync().get("lettuce"));
            assertTrue(connection.sync().clientInfo().contains(" user=default "));
        } finally {
            client.shutdown();
        }
    }
}
