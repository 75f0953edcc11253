package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two tenants on one cluster: neither can read, list, scan, flush or subscribe to the other's data, nor pause the
 * other.
 */
class ClusterTenantIsolationTest {

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(0,
            "alice: {password: alice-secret, pool: big}",
            "bob: {password: bob-secret, pool: big, flushdb: refuse}");

    @BeforeEach
    void clean() {
        proxy.cluster().flushAll();
    }

    @Test
    void tenantsSeeOnlyTheirOwnKeysUnderTheSameNames() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("+OK", alice.call("SET", "secret", "alice-data"));
            assertEquals("(nil)", bob.call("GET", "secret"));
            assertEquals("+OK", bob.call("SET", "secret", "bob-data"));
            assertEquals("alice-data", alice.call("GET", "secret"));
            assertEquals("secret", bob.call("KEYS", "*"));
            assertEquals("0\nsecret", bob.call("SCAN", "0", "COUNT", "1000").replaceFirst("^\\d+\n", "0\n"));
            assertEquals(":1", bob.call("DBSIZE"));
            assertEquals("alice-data", proxy.backendCall("alice:secret", "GET", "alice:secret"));
        }
    }

    @Test
    void patternsCannotEscapeThePrefix() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            bob.call("SET", "k", "v");
            assertEquals("", alice.call("KEYS", "*"));
            assertEquals("", alice.call("KEYS", "../bob:*"));
            assertEquals("", alice.call("SCAN", "0", "MATCH", "*bob*", "COUNT", "1000").replaceFirst("^\\d+\n?", ""));
            assertEquals("(nil)", alice.call("RANDOMKEY"));
        }
    }

    @Test
    void everyRepeatedMatchOfAScanIsConfined() {
        proxy.backendCall("alice:secret", "SET", "alice:secret", "alice-data");
        try (RespSocket bob = proxy.login("bob-secret")) {
            bob.call("SET", "own", "v");
            assertEquals(List.of("own"), scanAll(bob, "MATCH", "x", "MATCH", "*"));
            assertEquals(List.of("own"), scanAll(bob, "TYPE", "string", "MATCH", "x", "MATCH", "*"));
        }
    }

    @Test
    void everyStoreOfAGeoRadiusIsConfined() {
        proxy.backendCall("bob:{g}dst", "SET", "bob:{g}dst", "bob-data");
        try (RespSocket alice = proxy.login("alice-secret")) {
            alice.call("GEOADD", "{g}src", "13.361389", "38.115556", "palermo");
            for (String store : new String[] {"STORE", "STOREDIST"}) {
                assertEquals(":1", alice.call("GEORADIUS", "{g}src", "13.36", "38.11", "10", "km", store, "{g}own",
                        store, "bob:{g}dst"));
                assertEquals(":1", alice.call("GEORADIUSBYMEMBER", "{g}src", "palermo", "10", "km", "COUNT", "1",
                        store, "{g}own", store, "bob:{g}dst"));
            }
            assertEquals("+zset", proxy.backendCall("alice:bob:{g}dst", "TYPE", "alice:bob:{g}dst"));
        }
        assertEquals("bob-data", proxy.backendCall("bob:{g}dst", "GET", "bob:{g}dst"));
    }

    /** Every key a full SCAN iteration returns, over all the cluster's nodes. */
    private static List<String> scanAll(RespSocket c, String... options) {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        for (int round = 0; round < 100; round++) {
            List<String> args = new ArrayList<>(List.of("SCAN", cursor));
            args.addAll(List.of(options));
            args.addAll(List.of("COUNT", "1000"));
            String[] reply = c.call(args.toArray(String[]::new)).split("\n");
            cursor = reply[0];
            keys.addAll(Arrays.asList(reply).subList(1, reply.length));
            if (cursor.equals("0")) {
                break;
            }
        }
        return keys;
    }

    @Test
    void flushdbTouchesOnlyTheCallersKeysOrIsRefused() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            alice.call("SET", "a", "1");
            bob.call("SET", "b", "2");
            assertEquals("+OK", alice.call("FLUSHDB"));
            assertEquals("2", bob.call("GET", "b"));
            assertTrue(bob.call("FLUSHDB").startsWith("-NOPERM FLUSHDB is refused for tenant 'bob'"));
            assertEquals("2", bob.call("GET", "b"));
        }
    }

    @Test
    void flushallTouchesOnlyTheCallersKeysOrIsRefusedAsFlushdbIs() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            alice.call("SET", "{x}a", "1");
            alice.call("SET", "{y}a", "1");
            bob.call("SET", "b", "2");
            assertEquals("+OK", alice.call("FLUSHALL", "ASYNC"));
            assertEquals(":0", alice.call("DBSIZE"));
            assertEquals("2", proxy.backendCall("bob:b", "GET", "bob:b"), "bob's key, read on the backend");
            assertTrue(bob.call("FLUSHALL").startsWith("-NOPERM FLUSHDB is refused for tenant 'bob'"));
            assertEquals("2", bob.call("GET", "b"));
        }
    }

    @Test
    void aScriptCannotListCountOrFlushTheSharedKeyspace() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            bob.call("SET", "{s}w", "bob-data");
            for (String call : new String[] {"'keys', '*'", "'scan', '0'", "'randomkey'", "'dbsize'", "'flushdb'",
                    "'cluster', 'getkeysinslot', 0, 10", "'get', 'bob:{s}w'"}) {
                String reply = alice.call("EVAL", "return redis.call(" + call + ")", "0");
                assertTrue(reply.startsWith("-") && reply.contains("The user executing the script can't"),
                        call + ": " + reply);
            }
            assertEquals("bob-data", bob.call("GET", "{s}w"));
        }
    }

    @Test
    void monitorShowsTheTenantsKeysAsItWroteThemAndNothingOfTheOtherTenant() {
        try (RespSocket monitor = proxy.login("alice-secret"); RespSocket alice = proxy.login("alice-secret");
             RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("+OK", monitor.call("MONITOR"));
            Eventually.until(() -> proxy.proxy().server().runtime().monitors().active(), "alice monitors");
            bob.call("SET", "{s}bobs", "x");
            alice.call("MSET", "{s}k", "v", "other", "w");
            String line = monitor.read();
            assertTrue(line.endsWith("\"MSET\" \"{s}k\" \"v\" \"other\" \"w\""), line);
            assertEquals("+RESET", monitor.call("RESET"));
        }
    }

    @Test
    void channelsAreKeptApart() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret");
             RespSocket alicePub = proxy.login("alice-secret")) {
            assertEquals("psubscribe\n*\n:1", alice.call("PSUBSCRIBE", "*"));
            assertEquals(":0", bob.call("PUBLISH", "news", "from-bob"));
            assertEquals(":1", alicePub.call("PUBLISH", "news", "from-alice"));
            assertEquals("pmessage\n*\nnews\nfrom-alice", alice.read(), "nothing of bob's arrived first");
            assertEquals("", bob.call("PUBSUB", "CHANNELS"));
        }
    }

    @Test
    void clientPauseHoldsOnlyTheCallersTenantAndNeverPausesTheCluster() {
        try (RespSocket pauser = proxy.login("alice-secret"); RespSocket alice = proxy.login("alice-secret");
             RespSocket bob = proxy.login("bob-secret")) {
            long start = System.nanoTime();
            assertEquals("+OK", pauser.call("CLIENT", "PAUSE", "1000"));
            alice.send("SET", "paused", "1");
            long bobStart = System.nanoTime();
            assertEquals("+OK", bob.call("SET", "paused", "2"));
            long bobMillis = (System.nanoTime() - bobStart) / 1_000_000;
            assertEquals("+OK", alice.read());
            long aliceMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(bobMillis < 300, "bob waited " + bobMillis + " ms");
            assertTrue(aliceMillis >= 900, "alice's SET came back after " + aliceMillis + " ms");
            assertEquals("1", proxy.backendCall("alice:paused", "GET", "alice:paused"));
        }
    }
}
