package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.FunctionStats;

/**
 * FUNCTION libraries per tenant on a shared standalone pool: two tenants load libraries and functions of the same
 * names, and each sees, calls, deletes, flushes and counts (FUNCTION STATS) only its own, checked on the backend
 * itself.
 */
class FunctionsPerTenantTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password: bob-secret, pool: cache, db: 2}",
            "reader: {password: reader-secret, pool: cache, db: 1, read-only: true}",
            "small: {password: small-secret, pool: cache, db: 6, max-function-libraries: 2, max-function-bytes: 100}",
            "patient: {password: patient-secret, pool: unlimited, db: 3}",
            "idle: {password: idle-secret, pool: unlimited, db: 4}")
            .withPoolOnTheSameServer("unlimited", "script-time-limit-ms: 0, response-timeout-ms: 10000");

    /** A library each tenant loads under the same names, whose function says whose it is. */
    static String library(String whose) {
        return "#!lua name=mylib\n"
                + "redis.register_function('whoami', function(keys) redis.call('set', keys[1], '" + whose + "')"
                + " return '" + whose + "' end)\n"
                + "redis.register_function{function_name='peek', callback=function(keys)"
                + " return redis.call('get', keys[1]) end, flags={'no-writes'}}";
    }

    static final String OPERATORS = "#!lua name=operators\nredis.register_function('op', function() return 1 end)";

    @BeforeEach
    void emptyBackend() {
        proxy.redis().call("FUNCTION", "FLUSH");
        proxy.redis().call("FLUSHALL");
    }

    static String named(String name) {
        return "#!lua name=" + name + "\nredis.register_function('" + name + "', function() return 1 end)";
    }

    @Test
    void aTenantLoadsNoMoreLibrariesThanItsQuotaButMayReplaceItsOwn() {
        try (RespSocket small = proxy.login("small-secret"); RespSocket alice = proxy.login("alice-secret")) {
            alice.call("FUNCTION", "LOAD", named("a1"));
            assertEquals("l1", small.call("FUNCTION", "LOAD", named("l1")));
            assertEquals("l2", small.call("FUNCTION", "LOAD", named("l2")));
            assertEquals("-ERR tenant 'small' may load at most 2 function libraries",
                    small.call("FUNCTION", "LOAD", named("l3")));
            assertEquals("l2", small.call("FUNCTION", "LOAD", "REPLACE", named("l2")), "no new library");
            assertEquals("-ERR Library 'l1' already exists", small.call("FUNCTION", "LOAD", named("l1")));
            assertEquals("+OK", small.call("FUNCTION", "DELETE", "l1"));
            assertEquals("l3", small.call("FUNCTION", "LOAD", named("l3")));
        }
        List<String> libraries = backendLibraries();
        assertEquals(List.of("rkproxy_alice__a1", "rkproxy_small__l2", "rkproxy_small__l3"),
                libraries.stream().sorted().toList());
    }

    @Test
    void aLibraryLargerThanTheTenantsQuotaIsRefusedBeforeItReachesTheBackend() {
        try (RespSocket small = proxy.login("small-secret")) {
            String large = named("big") + "\n-- " + "x".repeat(100);
            assertEquals("-ERR tenant 'small' may load function libraries of at most 100 bytes",
                    small.call("FUNCTION", "LOAD", large));
            assertEquals("big", small.call("FUNCTION", "LOAD", named("big")), "a smaller one fits");
        }
        assertEquals(List.of("rkproxy_small__big"), backendLibraries());
    }

    @Test
    void twoTenantsLoadTheSameLibraryAndFunctionNamesAndEachCallsItsOwn() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("mylib", alice.call("FUNCTION", "LOAD", library("alice")));
            assertEquals("mylib", bob.call("FUNCTION", "LOAD", library("bob")));
            assertEquals("alice", alice.call("FCALL", "whoami", "1", "k"));
            assertEquals("bob", bob.call("FCALL", "WHOAMI", "1", "k"), "function names ignore case, as in Redis");
            assertEquals("alice", alice.call("FCALL_RO", "peek", "1", "k"));
            assertEquals("bob", bob.call("FCALL_RO", "peek", "1", "k"));
        }
        assertEquals("alice", proxy.backendCall(1, "GET", "k"), "run in the caller's db");
        assertEquals("bob", proxy.backendCall(2, "GET", "k"));
        List<String> libraries = backendLibraries();
        assertTrue(libraries.containsAll(List.of("rkproxy_alice__mylib", "rkproxy_bob__mylib")), libraries.toString());
    }

    @Test
    void functionListShowsOnlyTheTenantsOwnLibrariesAsItWroteThem() {
        proxy.redis().call("FUNCTION", "LOAD", OPERATORS);
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            alice.call("FUNCTION", "LOAD", library("alice"));
            bob.call("FUNCTION", "LOAD", library("bob"));
            String listing = alice.call("FUNCTION", "LIST");
            assertTrue(listing.startsWith("library_name\nmylib\nengine\nLUA\nfunctions\n"), listing);
            assertTrue(listing.contains("name\nwhoami") && listing.contains("name\npeek\n"), listing);
            assertFalse(listing.contains("rkproxy") || listing.contains("operators") || listing.contains("bob"),
                    listing);
            String withCode = alice.call("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "my*");
            assertTrue(withCode.endsWith("library_code\n" + library("alice")), withCode);
            assertEquals("", alice.call("FUNCTION", "LIST", "LIBRARYNAME", "operators"));
            assertEquals("", alice.call("FUNCTION", "LIST", "LIBRARYNAME", "rkproxy_bob__*"));
            assertEquals("-ERR library name argument was not given", alice.call("FUNCTION", "LIST", "LIBRARYNAME"));
            alice.call("HELLO", "3");
            String resp3 = alice.call("FUNCTION", "LIST");
            assertTrue(resp3.startsWith("%3\nlibrary_name\nmylib\n") && !resp3.contains("rkproxy"), resp3);
        }
    }

    @Test
    void functionFlushByOneTenantLeavesTheOthersLibrariesOnTheBackend() {
        proxy.redis().call("FUNCTION", "LOAD", OPERATORS);
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            alice.call("FUNCTION", "LOAD", library("alice"));
            alice.call("FUNCTION", "LOAD", OPERATORS);
            bob.call("FUNCTION", "LOAD", library("bob"));
            assertEquals("+OK", alice.call("FUNCTION", "FLUSH", "ASYNC"));
            assertEquals("-ERR Function not found", alice.call("FCALL", "whoami", "1", "k"));
            assertEquals("", alice.call("FUNCTION", "LIST"));
            assertEquals("bob", bob.call("FCALL", "whoami", "1", "k"));
            assertEquals("+OK", alice.call("FUNCTION", "FLUSH"), "nothing left to flush");
            assertEquals("-ERR FUNCTION FLUSH only supports SYNC|ASYNC option", alice.call("FUNCTION", "FLUSH", "NOW"));
        }
        assertEquals(List.of("operators", "rkproxy_bob__mylib"), backendLibraries().stream().sorted().toList());
    }

    @Test
    void functionDeleteReachesOnlyTheTenantsOwnLibrary() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            bob.call("FUNCTION", "LOAD", library("bob"));
            assertEquals("-ERR Library not found", alice.call("FUNCTION", "DELETE", "mylib"));
            assertEquals("-ERR Library not found", alice.call("FUNCTION", "DELETE", "rkproxy_bob__mylib"));
            alice.call("FUNCTION", "LOAD", library("alice"));
            assertEquals("+OK", alice.call("FUNCTION", "DELETE", "mylib"));
            assertEquals("bob", bob.call("FCALL", "whoami", "1", "k"));
        }
        assertEquals(List.of("rkproxy_bob__mylib"), backendLibraries());
    }

    @Test
    void aTenantCannotReachAnotherTenantsFunctionByWritingItsBackendName() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            bob.call("FUNCTION", "LOAD", library("bob"));
            assertEquals("-ERR Function not found", alice.call("FCALL", "rkproxy_bob__whoami", "1", "k"));
            assertEquals("-ERR Function not found", alice.call("FCALL", "RKPROXY_BOB__WHOAMI", "1", "k"));
            String forged = "#!lua name=rkproxy_bob__mylib\n"
                    + "redis.register_function('rkproxy_bob__peek', function() return 'alice' end)";
            assertEquals("rkproxy_bob__mylib", alice.call("FUNCTION", "LOAD", "REPLACE", forged));
            assertEquals("alice", alice.call("FCALL", "rkproxy_bob__peek", "0"), "alice's own, by that name");
            assertEquals("bob", bob.call("FCALL", "whoami", "1", "k"), "bob's is untouched");
            assertEquals("bob", bob.call("FCALL", "peek", "1", "k"));
        }
        assertTrue(backendLibraries().contains("rkproxy_alice__rkproxy_bob__mylib"), backendLibraries().toString());
    }

    @Test
    void aLibraryCannotRegisterAFunctionOutsideItsTenantsNamespace() {
        try (RespSocket alice = proxy.login("alice-secret")) {
            for (String escape : List.of("_G.redis", "rawget(_G, 'redis')", "getmetatable(redis).__index",
                    "getfenv(1).redis", "setmetatable({}, {}) and redis")) {
                String reply = alice.call("FUNCTION", "LOAD", "#!lua name=evil\n" + "local real = " + escape + "\n"
                        + "real.register_function('rkproxy_bob__whoami', function() return 'stolen' end)");
                assertTrue(reply.startsWith("-ERR Error registering functions: ERR user_function:2: Script attempted"
                        + " to access nonexistent global variable"), escape + " -> " + reply);
            }
            assertEquals("evil", alice.call("FUNCTION", "LOAD", "#!lua name=evil\nredis.register_function('later',"
                    + " function() return rawget(_G, 'redis').register_function('rkproxy_bob__x', function() end) end)"));
            String late = alice.call("FCALL", "later", "0");
            assertTrue(late.startsWith("-ERR user_function:2: attempt to index") || late.contains("nil value"), late);
            assertFalse(late.contains("rkproxy_"), "the error names the tenant's function as it knows it: " + late);
        }
        assertEquals(List.of("rkproxy_alice__evil"), backendLibraries());
        String functions = proxy.redis().call("FUNCTION", "LIST");
        assertTrue(functions.contains("rkproxy_alice__later") && !functions.contains("rkproxy_bob__"), functions);
    }

    @Test
    void errorsNameTheTenantsLibrariesAndFunctionsAsItKnowsThem() {
        try (RespSocket alice = proxy.login("alice-secret")) {
            alice.call("FUNCTION", "LOAD", library("alice"));
            assertEquals("-ERR Library 'mylib' already exists", alice.call("FUNCTION", "LOAD", library("alice")));
            assertEquals("mylib", alice.call("FUNCTION", "LOAD", "REPLACE", library("alice")));
            String clash = alice.call("FUNCTION", "LOAD", library("alice").replace("name=mylib", "name=other"));
            assertTrue(clash.matches("-ERR Function (whoami|peek) already exists"), clash);
            alice.call("FUNCTION", "LOAD", "#!lua name=failing\n\nredis.register_function('fail',"
                    + " function() error('boom') end)");
            assertEquals("-ERR user_function:3: boom script: fail, on @user_function:3.", alice.call("FCALL", "fail",
                    "0"), "the tenant's own line numbers");
            assertEquals("-ERR Missing library metadata", alice.call("FUNCTION", "LOAD", "return 1"));
            assertTrue(alice.call("FUNCTION", "LOAD", "#!lua name=bad-name\nx").startsWith(
                    "-ERR Library names can only contain letters, numbers, or underscores(_)"));
        }
    }

    @Test
    void aTestSuitesStartUpClearsOnlyWhatTheTenantOwns() {
        String bobsScript;
        try (RespSocket bob = proxy.login("bob-secret")) {
            bob.call("SET", "bobs", "data");
            bob.call("FUNCTION", "LOAD", library("bob"));
            bobsScript = bob.call("SCRIPT", "LOAD", "return 'bob'");
        }
        String maxmemory = proxy.redis().call("CONFIG", "GET", "maxmemory");
        try (RespSocket alice = proxy.login("alice-secret")) {
            alice.call("SET", "mine", "1");
            alice.call("FUNCTION", "LOAD", library("alice"));
            assertEquals("+OK", alice.call("FLUSHALL"));
            assertEquals("+OK", alice.call("FUNCTION", "FLUSH"));
            assertEquals(maxmemory, alice.call("CONFIG", "GET", "maxmemory"));
            assertEquals(":0", alice.call("DBSIZE"));
            assertEquals("", alice.call("FUNCTION", "LIST"));
        }
        assertEquals("data", proxy.backendCall(2, "GET", "bobs"));
        assertEquals(List.of("rkproxy_bob__mylib"), backendLibraries());
        try (RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("bob", bob.call("EVALSHA", bobsScript, "0"));
            assertEquals("bob", bob.call("FCALL", "whoami", "1", "k"));
        }
    }

    @Test
    void functionStatsCountsOnlyTheTenantsOwnLibrariesAndFunctions() {
        proxy.redis().call("FUNCTION", "LOAD", OPERATORS);
        try (Jedis alice = jedis("alice-secret"); Jedis bob = jedis("bob-secret")) {
            alice.functionLoad(library("alice"));
            alice.functionLoad(named("second"));
            bob.functionLoad(library("bob"));
            FunctionStats alices = alice.functionStats();
            assertNull(alices.getRunningScript());
            assertEquals(Map.of("LUA", Map.of("libraries_count", 2L, "functions_count", 3L)), alices.getEngines());
            assertEquals(Map.of("LUA", Map.of("libraries_count", 1L, "functions_count", 2L)),
                    bob.functionStats().getEngines());
            alice.functionFlush();
            assertEquals(Map.of("LUA", Map.of("libraries_count", 0L, "functions_count", 0L)),
                    alice.functionStats().getEngines());
        }
        assertTrue(proxy.redis().call("FUNCTION", "STATS").contains("libraries_count\n:2\nfunctions_count\n:3"),
                "the backend still has bob's library and the operators'");
    }

    @Test
    void functionStatsShowsTheRunningFunctionOnlyToTheTenantWhoseItIs() {
        String spin = "#!lua name=spinner\nredis.register_function('spin', function(keys, args)"
                + " local t = redis.call('TIME') local stop = t[1] * 1000000 + t[2] + tonumber(args[1])"
                + " repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] >= stop return 'spun' end)";
        String threshold = proxy.redis().call("CONFIG", "GET", "busy-reply-threshold").lines().toList().get(1);
        proxy.redis().call("CONFIG", "SET", "busy-reply-threshold", "50");
        try (RespSocket runner = proxy.login("patient-secret"); RespSocket patient = proxy.login("patient-secret");
             RespSocket idle = proxy.login("idle-secret")) {
            assertEquals("spinner", patient.call("FUNCTION", "LOAD", spin));
            runner.send("FCALL", "spin", "0", "2500000");
            Eventually.until(() -> proxy.redis().call("PING").startsWith("-BUSY"), "the function runs past 50 ms");
            patient.send("FUNCTION", "STATS");
            idle.send("FUNCTION", "STATS");
            String own = patient.read();
            String others = idle.read();
            assertEquals("spun", runner.read());
            assertTrue(own.startsWith("running_script\nname\nspin\ncommand\nFCALL\nspin\n0\n2500000\n"), own);
            assertTrue(others.startsWith("running_script\n(nil)\nengines\nLUA\nlibraries_count\n:0\n"), others);
            assertFalse(own.contains("rkproxy") || others.contains("spin"), own + others);
        } finally {
            proxy.redis().call("CONFIG", "SET", "busy-reply-threshold", threshold);
        }
    }

    private static Jedis jedis(String password) {
        Jedis jedis = new Jedis("127.0.0.1", proxy.port());
        jedis.auth(password);
        return jedis;
    }

    @Test
    void whatCannotBeKeptToTheTenantsLibrariesIsRefusedWithTheReason() {
        try (RespSocket alice = proxy.login("alice-secret")) {
            assertTrue(alice.call("FUNCTION", "DUMP").startsWith("-NOPERM this user has no permissions to run the"
                    + " 'function|dump' command: its payload would hold every tenant's libraries"));
            assertTrue(alice.call("FUNCTION", "RESTORE", "payload").startsWith("-NOPERM this user has no permissions"
                    + " to run the 'function|restore' command: the payload's libraries would be loaded"));
            alice.call("MULTI");
            assertEquals("-ERR 'function|load' is not allowed inside a transaction by rkproxy",
                    alice.call("FUNCTION", "LOAD", library("alice")));
            alice.call("DISCARD");
        }
        try (RespSocket reader = proxy.login("reader-secret")) {
            assertEquals("-NOPERM this user has no permissions to run the 'function|load' command",
                    reader.call("FUNCTION", "LOAD", library("reader")));
            assertEquals("-NOPERM this user has no permissions to run the 'function|flush' command",
                    reader.call("FUNCTION", "FLUSH"));
            assertEquals("", reader.call("FUNCTION", "LIST"));
        }
        assertEquals(List.of(), backendLibraries());
    }

    /** The library names on the backend, read straight from it. */
    private static List<String> backendLibraries() {
        List<String> lines = proxy.redis().call("FUNCTION", "LIST").lines().toList();
        return java.util.stream.IntStream.range(0, lines.size() - 1)
                .filter(i -> lines.get(i).equals("library_name")).mapToObj(i -> lines.get(i + 1)).toList();
    }
}
