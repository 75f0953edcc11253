package io.rkproxy.server;

import static io.rkproxy.server.FunctionsPerTenantTest.library;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FUNCTION libraries per tenant on a shared cluster pool: a tenant's library reaches every master, so its functions
 * run wherever their keys land, and each tenant sees, calls, flushes and counts only its own.
 */
class ClusterFunctionsPerTenantTest {

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(0,
            "alice: {password: alice-secret, pool: big}",
            "bob: {password: bob-secret, pool: big}",
            "dora: {password: dora-secret, pool: solo}")
            .withDedicatedPool("solo");

    @BeforeEach
    void emptyBackend() {
        proxy.cluster().flushAll();
        proxy.cluster().masters().forEach(m -> m.call("FUNCTION", "FLUSH"));
        proxy.dedicatedCluster().masters().forEach(m -> m.call("FUNCTION", "FLUSH"));
    }

    @Test
    void twoTenantsLoadTheSameNamesOnEveryMasterAndEachCallsItsOwnWhereverItsKeysLand() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("mylib", alice.call("FUNCTION", "LOAD", library("alice")));
            assertEquals("mylib", bob.call("FUNCTION", "LOAD", library("bob")));
            for (int i = 0; i < 12; i++) {
                assertEquals("alice", alice.call("FCALL", "whoami", "1", "k" + i));
                assertEquals("bob", bob.call("FCALL", "whoami", "1", "k" + i));
                assertEquals("alice", alice.call("FCALL_RO", "peek", "1", "k" + i));
            }
            String keyless = alice.call("FCALL", "whoami", "0");
            assertTrue(keyless.endsWith("script: whoami, on @user_function:2."), "ran on some master: " + keyless);
            String listing = alice.call("FUNCTION", "LIST");
            assertTrue(listing.startsWith("library_name\nmylib\n") && !listing.contains("bob"), listing);
        }
        for (int i = 0; i < 12; i++) {
            assertEquals("alice", proxy.backendCall("alice:k" + i, "GET", "alice:k" + i));
        }
        for (RedisServer master : proxy.cluster().masters()) {
            assertEquals(List.of("rkproxy_alice__mylib", "rkproxy_bob__mylib"), libraries(master));
        }
    }

    @Test
    void functionStatsCountsTheTenantsOwnLibrariesOnceThoughEveryMasterHasThem() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            alice.call("FUNCTION", "LOAD", library("alice"));
            assertEquals("running_script\n(nil)\nengines\nLUA\nlibraries_count\n:1\nfunctions_count\n:2",
                    alice.call("FUNCTION", "STATS"));
            assertEquals("running_script\n(nil)\nengines\nLUA\nlibraries_count\n:0\nfunctions_count\n:0",
                    bob.call("FUNCTION", "STATS"));
        }
    }

    @Test
    void aTestSuitesStartUpClearsOnlyWhatTheTenantOwnsOnEveryMaster() {
        String bobsScript;
        try (RespSocket bob = proxy.login("bob-secret")) {
            IntStream.range(0, 12).forEach(i -> bob.call("SET", "k" + i, "bob"));
            bob.call("FUNCTION", "LOAD", library("bob"));
            bobsScript = bob.call("SCRIPT", "LOAD", "return 'bob'");
        }
        String maxmemory = proxy.cluster().masters().get(0).call("CONFIG", "GET", "maxmemory");
        try (RespSocket alice = proxy.login("alice-secret")) {
            IntStream.range(0, 12).forEach(i -> alice.call("SET", "k" + i, "alice"));
            alice.call("FUNCTION", "LOAD", library("alice"));
            assertEquals("+OK", alice.call("FLUSHALL"));
            assertEquals("+OK", alice.call("FUNCTION", "FLUSH"));
            assertEquals(maxmemory, alice.call("CONFIG", "GET", "maxmemory"));
            assertEquals(":0", alice.call("DBSIZE"));
            assertEquals("", alice.call("FUNCTION", "LIST"));
            assertEquals("-ERR Function not found", alice.call("FCALL", "whoami", "1", "k"));
        }
        for (int i = 0; i < 12; i++) {
            assertEquals("bob", proxy.backendCall("bob:k" + i, "GET", "bob:k" + i));
        }
        for (RedisServer master : proxy.cluster().masters()) {
            assertEquals(List.of("rkproxy_bob__mylib"), libraries(master));
        }
        try (RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("bob", bob.call("EVALSHA", bobsScript, "0"));
            assertEquals("bob", bob.call("FCALL", "whoami", "1", "k3"));
        }
    }

    @Test
    void theTenantOfADedicatedPoolLoadsAndFlushesOnEveryMasterAsItIs() {
        try (RespSocket dora = proxy.login("dora-secret")) {
            assertEquals("mylib", dora.call("FUNCTION", "LOAD", library("dora")));
            for (RedisServer master : proxy.dedicatedCluster().masters()) {
                assertEquals(List.of("mylib"), libraries(master));
            }
            for (int i = 0; i < 12; i++) {
                assertEquals("dora", dora.call("FCALL", "whoami", "1", "k" + i));
            }
            String sha = dora.call("SCRIPT", "LOAD", "return 1");
            assertEquals("+OK", dora.call("SCRIPT", "FLUSH"));
            assertEquals("+OK", dora.call("FUNCTION", "FLUSH"));
            for (RedisServer master : proxy.dedicatedCluster().masters()) {
                assertEquals(List.of(), libraries(master));
                assertEquals(":0", master.call("SCRIPT", "EXISTS", sha));
            }
        }
    }

    /** The library names on one master, read straight from it, sorted. */
    private static List<String> libraries(RedisServer master) {
        List<String> lines = master.call("FUNCTION", "LIST").lines().toList();
        return IntStream.range(0, lines.size() - 1).filter(i -> lines.get(i).equals("library_name"))
                .mapToObj(i -> lines.get(i + 1)).sorted().toList();
    }
}
