package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScriptsTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "reader: {password: reader-secret, pool: cache, db: 1, read-only: true}",
            "bob: {password: bob-secret, pool: cache, db: 2}");

    @BeforeEach
    void flush() {
        proxy.redis().call("FLUSHALL");
    }

    @Test
    void evalRunsInTheTenantsDb() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "k", "v"));
            assertEquals("v", c.call("GET", "k"));
        }
        assertEquals("v", proxy.backendCall(1, "GET", "k"));
    }

    @Test
    void aScriptCannotSelectAnotherTenantsDb() {
        try (RespSocket bob = proxy.login("bob-secret"); RespSocket alice = proxy.login("alice-secret")) {
            bob.call("SET", "secret", "bob-data");
            for (String select : new String[] {"'select'", "'SEL'..'ECT'"}) {
                String reply = alice.call("EVAL",
                        "redis.call(" + select + ", 2) return redis.call('get', 'secret')", "0");
                assertTrue(reply.startsWith("-") && !reply.contains("bob-data"), reply);
            }
            assertEquals("(nil)", alice.call("GET", "secret"));
        }
    }

    @Test
    void aScriptCannotFlushOtherDbsOrPublish() {
        try (RespSocket bob = proxy.login("bob-secret"); RespSocket alice = proxy.login("alice-secret")) {
            bob.call("SET", "keep", "me");
            assertTrue(alice.call("EVAL", "return redis.call('flushall')", "0").startsWith("-"));
            assertTrue(alice.call("EVAL", "return redis.call('swapdb', 1, 2)", "0").startsWith("-"));
            assertTrue(alice.call("EVAL", "return redis.call('publish', 'ch', 'm')", "0").startsWith("-"));
            assertEquals("me", bob.call("GET", "keep"));
        }
    }

    @Test
    void evalshaRunsAScriptLoadedBefore() {
        try (RespSocket c = proxy.login("alice-secret")) {
            String sha = c.call("SCRIPT", "LOAD", "return redis.call('incr', KEYS[1])");
            assertEquals(40, sha.length(), sha);
            assertEquals(":1", c.call("SCRIPT", "EXISTS", sha));
            assertEquals(":1", c.call("EVALSHA", sha, "1", "counter"));
            assertEquals(":2", c.call("EVALSHA", sha, "1", "counter"));
        }
    }

    @Test
    void readOnlyTenantGetsOnlyTheReadOnlyForms() {
        try (RespSocket writer = proxy.login("alice-secret"); RespSocket reader = proxy.login("reader-secret")) {
            writer.call("SET", "k", "v");
            assertEquals("-NOPERM this user has no permissions to run the 'eval' command",
                    reader.call("EVAL", "return 1", "0"));
            assertEquals("v", reader.call("EVAL_RO", "return redis.call('get', KEYS[1])", "1", "k"));
            assertTrue(reader.call("EVAL_RO", "return redis.call('set', KEYS[1], 'x')", "1", "k").startsWith("-"));
            assertEquals("v", reader.call("GET", "k"));
        }
    }

    @Test
    void scriptAdministrationIsRefused() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("-NOPERM this user has no permissions to run the 'script|flush' command",
                    c.call("SCRIPT", "FLUSH"));
            assertEquals("-NOPERM this user has no permissions to run the 'script|debug' command",
                    c.call("SCRIPT", "DEBUG", "YES"), "the debugger would take over a shared connection");
            assertEquals("-NOPERM this user has no permissions to run the 'function|load' command",
                    c.call("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('f', function() return 1 end)"));
        }
    }

    @Test
    void scriptsRunInsideTransactions() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("MULTI");
            assertEquals("+QUEUED", c.call("EVAL", "return redis.call('incr', KEYS[1])", "1", "n"));
            assertEquals(":1", c.call("EXEC"));
        }
    }

    @Test
    void backendConnectionsRunAsTheConfinedUser() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("SET", "k", "v");
        }
        String clients = proxy.redis().call("CLIENT", "LIST");
        assertTrue(clients.lines().filter(l -> l.contains("name=rkproxy-cache-db1"))
                .allMatch(l -> l.contains("user=rkproxy-tenant")), clients);
        assertFalse(clients.lines().filter(l -> l.contains("name=rkproxy-cache-db1")).findAny().isEmpty());
    }
}
