package io.rkproxy.server;

import static io.rkproxy.server.FunctionsPerTenantTest.library;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The tenant of a dedicated pool administers the backend it has to itself: FUNCTION and SCRIPT administration as
 * Redis has it (no namespace), MEMORY's reports and DEBUG where the backend allows it; the script debugger stays
 * refused. A shared pool's tenant still gets none of it.
 */
class DedicatedPoolAdministrationTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "dora: {password: dora-secret, pool: solo, db: 3}",
            "alice: {password: alice-secret, pool: cache, db: 1}")
            .withDedicatedPool("solo")
            .withRedisArgs("--enable-debug-command", "yes");

    @BeforeEach
    void emptyBackend() {
        proxy.dedicatedRedis().call("FUNCTION", "FLUSH");
        proxy.dedicatedRedis().call("SCRIPT", "FLUSH");
        proxy.dedicatedRedis().call("FLUSHALL");
    }

    @Test
    void functionsAreLoadedCalledAndListedAsTheyAre() {
        try (RespSocket dora = proxy.login("dora-secret")) {
            assertEquals("mylib", dora.call("FUNCTION", "LOAD", library("dora")));
            assertEquals("dora", dora.call("FCALL", "whoami", "1", "k"));
            assertTrue(dora.call("FUNCTION", "LIST", "WITHCODE").endsWith("library_code\n" + library("dora")));
            assertEquals("+OK", dora.call("FUNCTION", "DELETE", "mylib"));
        }
        assertEquals("", proxy.dedicatedRedis().call("FUNCTION", "LIST"));
    }

    @Test
    void functionDumpFlushRestoreAndStatsAnswer() {
        try (Jedis dora = new Jedis("127.0.0.1", proxy.port())) {
            dora.auth("dora-secret");
            dora.functionLoad(library("dora"));
            byte[] dump = dora.functionDump();
            assertEquals("OK", dora.functionFlush());
            assertEquals("", proxy.dedicatedRedis().call("FUNCTION", "LIST"), "the backend's libraries, all of them");
            assertEquals("OK", dora.functionRestore(dump));
            assertEquals("mylib", proxy.dedicatedRedis().call("FUNCTION", "LIST").lines().skip(1).findFirst().orElseThrow());
            assertArrayEquals(dump, dora.functionDump());
            assertEquals(1L, dora.functionStats().getEngines().get("LUA").get("libraries_count"));
        }
    }

    @Test
    void scriptsUseAndFlushTheBackendsOwnCache() throws Exception {
        String body = "return 'dora'";
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
        try (RespSocket dora = proxy.login("dora-secret")) {
            assertEquals(sha, dora.call("SCRIPT", "LOAD", body));
            assertEquals(":1", proxy.dedicatedRedis().call("SCRIPT", "EXISTS", sha), "no tenant mark: the cache is its own");
            assertEquals("+OK", dora.call("SCRIPT", "FLUSH", "SYNC"));
            assertEquals(":0", proxy.dedicatedRedis().call("SCRIPT", "EXISTS", sha));
            assertTrue(dora.call("EVALSHA", sha, "0").startsWith("-NOSCRIPT"));
        }
    }

    @Test
    void memoryReportsAnswerAndDebugRunsInTheTenantsDb() {
        try (RespSocket dora = proxy.login("dora-secret")) {
            dora.call("SET", "k", "v");
            assertTrue(dora.call("MEMORY", "STATS").contains("peak.allocated"));
            assertTrue(dora.call("MEMORY", "DOCTOR").contains("Sam"), "Redis's own doctor speaks");
            assertTrue(dora.call("MEMORY", "USAGE", "k").startsWith(":"));
            assertTrue(dora.call("DEBUG", "OBJECT", "k").startsWith("+Value at:"), "k is in dora's db 3");
            assertEquals("+OK", dora.call("DEBUG", "SLEEP", "0"));
            assertEquals("v", dora.call("GET", "k"), "the tenant's connection is itself again");
            dora.call("MULTI");
            assertEquals("-ERR 'debug' is not allowed inside a transaction by rkproxy", dora.call("DEBUG", "SLEEP",
                    "0"));
            dora.call("DISCARD");
        }
        try (RespSocket backend = new RespSocket(proxy.dedicatedRedis().port())) {
            assertEquals("+OK", backend.call("SELECT", "3"));
            assertEquals("v", backend.call("GET", "k"));
        }
    }

    @Test
    void theScriptDebuggerStaysRefused() {
        try (RespSocket dora = proxy.login("dora-secret")) {
            assertTrue(dora.call("SCRIPT", "DEBUG", "YES").startsWith("-NOPERM this user has no permissions to run"
                    + " the 'script|debug' command: the debugger would take over a backend connection"));
        }
    }

    @Test
    void aSharedPoolsTenantOnTheSameBackendGetsNoneOfIt() {
        proxy.backendCall(1, "SET", "k", "v");
        try (RespSocket alice = proxy.login("alice-secret")) {
            for (List<String> command : List.of(List.of("DEBUG", "OBJECT", "k"), List.of("MEMORY", "STATS"),
                    List.of("MEMORY", "DOCTOR"), List.of("FUNCTION", "DUMP"))) {
                String reply = alice.call(command.toArray(String[]::new));
                assertTrue(reply.startsWith("-NOPERM"), command + " -> " + reply);
            }
        }
    }

    @Test
    void debugIsTheBackendsToRefuse() {
        try (RedisServer redis = RedisServer.start();
             RunningProxy own = RunningProxy.start(RunningProxy.config(redis.address(),
                     "dora: {password: dora-secret, pool: cache}").replace("max-reconnect-backoff-ms: 200",
                     "max-reconnect-backoff-ms: 200\n    dedicated: true"));
             RespSocket dora = new RespSocket(own.port())) {
            dora.call("AUTH", "dora-secret");
            assertTrue(dora.call("DEBUG", "SLEEP", "0").startsWith("-ERR DEBUG command not allowed"),
                    "Redis 7 refuses it without enable-debug-command");
        }
    }
}
