package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TenantIsolationTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 3}",
            "bob: {password: bob-secret, pool: cache, db: 4}");

    @BeforeEach
    void flush() {
        proxy.redis().call("FLUSHALL");
    }

    private static RespSocket as(String password) {
        return proxy.login(password);
    }

    @Test
    void sameKeyNameHoldsEachTenantsOwnValueInItsOwnBackendDb() {
        try (RespSocket alice = as("alice-secret"); RespSocket bob = as("bob-secret")) {
            assertEquals("+OK", alice.call("SET", "shared-name", "from-alice"));
            assertEquals("+OK", bob.call("SET", "shared-name", "from-bob"));
            assertEquals("from-alice", alice.call("GET", "shared-name"));
            assertEquals("from-bob", bob.call("GET", "shared-name"));
        }
        assertEquals("from-alice", proxy.backendCall(3, "GET", "shared-name"));
        assertEquals("from-bob", proxy.backendCall(4, "GET", "shared-name"));
        assertEquals("(nil)", proxy.redis().call("GET", "shared-name"));
    }

    @Test
    void keysScanAndDbsizeSeeOnlyTheTenantsDb() {
        try (RespSocket alice = as("alice-secret"); RespSocket bob = as("bob-secret")) {
            alice.call("SET", "a1", "x");
            alice.call("SET", "a2", "x");
            bob.call("SET", "b1", "x");
            assertEquals("b1", bob.call("KEYS", "*"));
            assertEquals("0\nb1", bob.call("SCAN", "0"));
            assertEquals(":2", alice.call("DBSIZE"));
            assertEquals(":1", bob.call("DBSIZE"));
        }
    }

    @Test
    void flushdbEmptiesOnlyTheTenantsDb() {
        try (RespSocket alice = as("alice-secret"); RespSocket bob = as("bob-secret")) {
            alice.call("SET", "a", "x");
            bob.call("SET", "b", "x");
            assertEquals("+OK", bob.call("FLUSHDB"));
            assertEquals("x", alice.call("GET", "a"));
            assertEquals(":0", bob.call("DBSIZE"));
        }
    }

    @Test
    void selectZeroIsTheOnlyDb() {
        try (RespSocket alice = as("alice-secret")) {
            assertEquals("+OK", alice.call("SELECT", "0"));
            assertEquals("-ERR DB index is out of range", alice.call("SELECT", "4"));
            assertEquals("-ERR value is not an integer or out of range", alice.call("SELECT", "x"));
        }
    }

    @Test
    void commandsThatReachAcrossDbsAreRefused() {
        try (RespSocket alice = as("alice-secret")) {
            alice.call("SET", "k", "v");
            assertEquals("-NOPERM this user has no permissions to run the 'swapdb' command",
                    alice.call("SWAPDB", "0", "4"));
            assertEquals("-NOPERM this user has no permissions to run the 'move' command", alice.call("MOVE", "k",
                    "4"));
            assertEquals("-NOPERM this user has no permissions to run the 'migrate' command",
                    alice.call("MIGRATE", "127.0.0.1", "1", "k", "4", "100"));
            assertEquals("-ERR DB index is out of range", alice.call("COPY", "k", "k2", "DB", "4"));
        }
        assertEquals(":0", proxy.backendCall(4, "DBSIZE"));
    }

    @Test
    void copyWithDbZeroStaysInTheTenantsDb() {
        try (RespSocket alice = as("alice-secret")) {
            alice.call("SET", "k", "v");
            assertEquals(":1", alice.call("COPY", "k", "k2", "DB", "0"));
            assertEquals("v", alice.call("GET", "k2"));
        }
        assertEquals("(nil)", proxy.redis().call("GET", "k2"));
    }

    @Test
    void infoKeyspaceShowsOnlyTheTenantsDbAsDbZero() {
        try (RespSocket alice = as("alice-secret"); RespSocket bob = as("bob-secret")) {
            alice.call("SET", "a", "x");
            bob.call("SET", "b", "x");
            bob.call("SET", "c", "x");
            String info = alice.call("INFO", "keyspace");
            assertTrue(info.contains("db0:keys=1,"), info);
            assertFalse(info.contains("db3") || info.contains("db4") || info.contains("keys=2"), info);
        }
    }

    @Test
    void infoProxySectionDescribesTheNodeAndOnlyThisTenant() {
        try (RespSocket alice = as("alice-secret"); RespSocket other = as("alice-secret");
             RespSocket bob = as("bob-secret")) {
            long until = System.nanoTime() + 1_300_000_000L;
            while (System.nanoTime() < until) {
                alice.call("PING");
            }
            String info = alice.call("INFO", "proxy");
            assertTrue(info.startsWith("# Proxy\r\nrkproxy_version:"), info);
            assertTrue(info.contains("\r\ntenant:alice\r\n"), info);
            assertTrue(info.contains("\r\ntenant_connected_clients:2\r\n"), info);
            assertFalse(info.contains("# Keyspace"), "INFO proxy alone does not ask the backend");
            long ops = Long.parseLong(info.replaceAll("(?s).*tenant_instantaneous_ops_per_sec:(\\d+).*", "$1"));
            assertTrue(ops > 0, info);
            String everything = bob.call("INFO");
            assertTrue(everything.contains("tenant:bob") && everything.contains("# Keyspace")
                    && !everything.contains("alice"), everything);
        }
    }
}
