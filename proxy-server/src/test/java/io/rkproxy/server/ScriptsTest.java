package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScriptsTest {

    /** Redis's error for a command the script's ACL user may not run. */
    private static final String REFUSED_IN_SCRIPT = "-ERR The user executing the script can't run this command";

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "reader: {password: reader-secret, pool: cache, db: 1, read-only: true}",
            "bob: {password: bob-secret, pool: cache, db: 2}",
            "patient: {password: patient-secret, pool: unlimited, db: 3}")
            .withPoolOnTheSameServer("unlimited", "script-time-limit-ms: 0, response-timeout-ms: 10000");

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
    void aTenantCannotRunOrSeeAnotherTenantsScripts() throws Exception {
        String body = "return redis.call('get', KEYS[1])";
        String sha = sha1(body);
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            alice.call("SET", "k", "alice-data");
            assertEquals(sha, alice.call("SCRIPT", "LOAD", body), "the tenant sees the SHA1 of its own text");
            assertEquals("alice-data", alice.call("EVALSHA", sha.toUpperCase(), "1", "k"));
            assertEquals("-NOSCRIPT No matching script. Please use EVAL.", bob.call("EVALSHA", sha, "1", "k"));
            assertEquals(":0", bob.call("SCRIPT", "EXISTS", sha));
            String backendSha = sha1(body + "\n--rkproxy tenant alice");
            assertEquals(":1", proxy.redis().call("SCRIPT", "EXISTS", backendSha));
            assertEquals("-NOSCRIPT No matching script. Please use EVAL.", bob.call("EVALSHA", backendSha, "1", "k"),
                    "nor by the backend's name for it");
            assertEquals(":0", bob.call("SCRIPT", "EXISTS", backendSha));
            assertEquals("(nil)", bob.call("EVAL", body, "1", "k"));
            assertEquals(":1", bob.call("SCRIPT", "EXISTS", sha), "bob's own EVAL put it in his cache");
        }
    }

    private static String sha1(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aScriptPastThePoolsTimeLimitIsKilledAndTheOthersGoOn() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("spinner", alice.call("FUNCTION", "LOAD", "REPLACE", "#!lua name=spinner\n"
                    + "redis.register_function('spin', function() while true do end end)"));
            bob.call("SET", "k", "bob-data");
            long start = System.nanoTime();
            assertEquals("-ERR script killed by rkproxy: it ran longer than the 500 ms that pool 'cache' allows "
                    + "(script-time-limit-ms)", alice.call("EVAL", "while true do end", "0"));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs >= 500 && tookMs < 5_000, "killed at the limit, not the backend's default: " + tookMs);
            assertEquals("bob-data", bob.call("GET", "k"));
            assertTrue(alice.call("FCALL", "spin", "0").startsWith("-ERR script killed by rkproxy"));
            alice.call("MULTI");
            alice.call("EVAL", "while true do end", "0");
            assertTrue(alice.call("EXEC").startsWith("-ERR Script killed by user"), "inside EXEC's reply, Redis's text");
            assertEquals("bob-data", bob.call("GET", "k"));
        } finally {
            proxy.redis().call("FUNCTION", "FLUSH");
        }
    }

    @Test
    void commandsABusyBackendRefusedAreSentAgainOnceInOrder() throws Exception {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            alice.send("EVAL", "while true do end", "0");
            Thread.sleep(100);
            for (int i = 0; i < 5; i++) {
                bob.send("INCR", "n");
            }
            bob.send("GET", "n");
            for (int i = 1; i <= 5; i++) {
                assertEquals(":" + i, bob.read());
            }
            assertEquals("5", bob.read());
            assertTrue(alice.read().startsWith("-ERR script killed by rkproxy"));
        }
        assertEquals("5", proxy.backendCall(2, "GET", "n"), "each INCR ran once");
    }

    @Test
    void aTenantKillsItsOwnRunningScript() throws Exception {
        try (RespSocket runner = proxy.login("patient-secret"); RespSocket killer = proxy.login("patient-secret")) {
            assertEquals("-NOTBUSY No scripts in execution right now.", killer.call("SCRIPT", "KILL"));
            runner.send("EVAL", "while true do end", "0");
            Thread.sleep(100);
            assertEquals("+OK", killer.call("SCRIPT", "KILL"), "answered once the script passed the threshold");
            assertTrue(runner.read().startsWith("-ERR Script killed by user with SCRIPT KILL"));
            assertEquals("+PONG", runner.call("PING"));
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
    void scriptFlushForgetsOnlyTheCallersScripts() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            String aliceSha = alice.call("SCRIPT", "LOAD", "return 'alice'");
            String bobSha = bob.call("SCRIPT", "LOAD", "return 'bob'");
            assertEquals("+OK", alice.call("SCRIPT", "FLUSH", "ASYNC"));
            assertTrue(alice.call("EVALSHA", aliceSha, "0").startsWith("-NOSCRIPT"));
            assertEquals("bob", bob.call("EVALSHA", bobSha, "0"), "bob's scripts are still there");
            assertEquals("alice", alice.call("EVAL", "return 'alice'", "0"));
            assertEquals("-ERR SCRIPT FLUSH only support SYNC|ASYNC option", alice.call("SCRIPT", "FLUSH", "NOW"));
        }
        String backendMemory = proxy.redis().call("INFO", "memory");
        assertFalse(backendMemory.contains("number_of_cached_scripts:0"),
                "the backend's cache, which every tenant shares, was not flushed: " + backendMemory);
    }

    @Test
    void theScriptDebuggerIsRefused() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("-NOPERM this user has no permissions to run the 'script|debug' command: the debugger would"
                    + " take over a backend connection that other sessions share", c.call("SCRIPT", "DEBUG", "YES"));
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
    void aScriptCannotCopyIntoAnotherDb() {
        try (RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("copier", bob.call("FUNCTION", "LOAD", "REPLACE", "#!lua name=copier\n"
                    + "redis.register_function('copy_to', function(keys, args)"
                    + " return redis.call('COPY', keys[1], keys[2], 'DB', args[1], 'REPLACE') end)"));
            bob.call("SET", "payload", "from-bob");
            for (String db : List.of("1", "0")) {
                String eval = bob.call("EVAL", "return redis.call('COPY', KEYS[1], KEYS[2], 'DB', ARGV[1], 'REPLACE')",
                        "2", "payload", "secret", db);
                assertTrue(eval.startsWith(REFUSED_IN_SCRIPT), eval);
                String fcall = bob.call("FCALL", "copy_to", "2", "payload", "secret", db);
                assertTrue(fcall.startsWith(REFUSED_IN_SCRIPT), fcall);
            }
            assertEquals(":1", bob.call("COPY", "payload", "mine"), "a client's own COPY still runs");
            assertEquals("from-bob", bob.call("GET", "mine"));
            assertEquals("-ERR DB index is out of range", bob.call("COPY", "payload", "secret", "DB", "1"));
        } finally {
            proxy.redis().call("FUNCTION", "FLUSH");
        }
        assertEquals("(nil)", proxy.backendCall(1, "GET", "secret"));
        assertEquals("(nil)", proxy.backendCall(0, "GET", "secret"));
        assertEquals("from-bob", proxy.backendCall(2, "GET", "mine"));
    }

    @Test
    void copyInsideATransactionIsRefusedAndDoomsIt() {
        try (RespSocket alice = proxy.login("alice-secret")) {
            alice.call("SET", "k", "v");
            assertEquals("+OK", alice.call("MULTI"));
            assertTrue(alice.call("COPY", "k", "k2").startsWith("-ERR 'copy' is not allowed inside a transaction"));
            assertTrue(alice.call("EXEC").startsWith("-EXECABORT"));
            assertEquals(":1", alice.call("COPY", "k", "k2"));
        }
    }

    @Test
    void aScriptCannotReadServerWideState() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket reader = proxy.login("reader-secret")) {
            alice.call("SET", "k", "v");
            for (String call : List.of("redis.call('INFO', 'keyspace')", "redis.call('INFO', 'commandstats')",
                    "redis.call('INFO')", "redis.call('MEMORY', 'STATS')", "redis.call('MEMORY', 'DOCTOR')",
                    "redis.call('MEMORY', 'MALLOC-STATS')")) {
                String reply = reader.call("EVAL_RO", "return " + call, "0");
                assertTrue(reply.startsWith(REFUSED_IN_SCRIPT), call + " -> " + reply);
            }
            assertTrue(reader.call("EVAL_RO", "return redis.call('MEMORY', 'USAGE', KEYS[1])", "1", "k")
                    .startsWith(":"), "MEMORY USAGE reads the tenant's own key");
            String info = alice.call("INFO", "keyspace");
            assertTrue(info.contains("db0:keys=1") && !info.contains("db1:"), "INFO itself is still answered: " + info);
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
