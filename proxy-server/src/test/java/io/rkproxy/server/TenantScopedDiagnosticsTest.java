package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.args.UnblockType;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.AccessControlUser;
import redis.clients.jedis.resps.Slowlog;

/**
 * The server-wide diagnostics Redis Enterprise gives a database, answered by rkproxy for one tenant of a shared pool
 * from what it sees of that tenant alone: SLOWLOG, ACL GETUSER and DRYRUN, CLIENT UNBLOCK, LATENCY HISTOGRAM. The
 * tenants share one backend; none sees another's.
 */
class TenantScopedDiagnosticsTest {

    private static final String SLOWER_THAN = "slowlog-log-slower-than";

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password: bob-secret, pool: cache, db: 2, read-only: true}",
            "dora: {password: dora-secret, pool: solo, db: 3}",
            "carol: {password: carol-secret, pool: cache, db: 4}",
            "erin: {password: erin-secret, pool: cache, db: 5}",
            "frank: {password: frank-secret, pool: cache, db: 6}",
            "gina: {password: gina-secret, pool: cache, db: 7}")
            .withDedicatedPool("solo")
            .withServerKeys("slowlog-log-slower-than-us: 0\nslowlog-max-len: 1000");

    @Test
    void slowlogShowsOnlyTheTenantsOwnCommandsInRedissShape() {
        try (Jedis alice = jedis("alice-secret"); Jedis bob = jedis("bob-secret")) {
            alice.clientSetname("alice-app");
            alice.set("alice-key", "v");
            bob.get("bob-key");
            List<Slowlog> entries = alice.slowlogGet(1000);
            Slowlog set = entries.stream().filter(e -> e.getArgs().contains("alice-key")).findFirst().orElseThrow();
            assertEquals(List.of("SET", "alice-key", "v"), set.getArgs());
            assertEquals("alice-app", set.getClientName());
            assertEquals("127.0.0.1", set.getClientIpPort().getHost());
            assertTrue(set.getTimeStamp() > 1_600_000_000L && set.getExecutionTime() >= 0, set.toString());
            assertTrue(entries.stream().noneMatch(e -> e.getArgs().contains("bob-key")), entries.toString());
            assertTrue(bob.slowlogGet(1000).stream().anyMatch(e -> e.getArgs().contains("bob-key")));
            assertEquals(entries.size(), alice.slowlogGet(-1).size() - 1, "-1 is all, the first GET included");
            assertEquals(2, alice.slowlogGet(2).size());
            assertTrue(alice.slowlogLen() >= entries.size());
        }
    }

    @Test
    void slowlogResetForgetsTheTenantsEntriesOnlyAndLeavesTheProxysLogWhole() {
        try (Jedis alice = jedis("alice-secret"); Jedis bob = jedis("bob-secret")) {
            alice.set("before-reset", "v");
            bob.get("bobs-before-reset");
            assertEquals("OK", alice.slowlogReset());
            assertTrue(alice.slowlogLen() <= 1, "at most the RESET itself");
            assertTrue(alice.slowlogGet(1000).stream().noneMatch(e -> e.getArgs().contains("before-reset")));
            assertTrue(bob.slowlogGet(1000).stream().anyMatch(e -> e.getArgs().contains("bobs-before-reset")));
            assertTrue(proxy.runtime().slowLog().latest(1000).stream()
                    .anyMatch(e -> e.args().contains("before-reset")), "the admins' view keeps it");
        }
    }

    @Test
    void oneTenantsFloodOfSlowCommandsLeavesAnothersSlowlogWholeAndBlockingWaitsAreNotLogged() {
        try (Jedis erin = jedis("erin-secret"); Jedis bob = jedis("bob-secret")) {
            bob.get("bobs-before-the-flood");
            erin.blpop(0.05, "nothing-to-pop");
            Pipeline flood = erin.pipelined();
            for (int i = 0; i < 1200; i++) {
                flood.get("flood");
            }
            flood.sync();
            List<Slowlog> bobs = bob.slowlogGet(-1);
            assertTrue(bobs.stream().anyMatch(e -> e.getArgs().contains("bobs-before-the-flood")), bobs.toString());
            assertEquals(bobs.get(0).getId() - bobs.get(bobs.size() - 1).getId(), bobs.size() - 1,
                    "bob's ids count bob's entries only: no gaps where others' were");
            assertEquals(1000, erin.slowlogLen(), "erin's own ring, full at slowlog-max-len");
            assertTrue(proxy.runtime().slowLog().latest(2000).stream().noneMatch(e -> e.args().contains("nothing-to-pop")),
                    "BLPOP's wait is not execution time");
        }
    }

    @Test
    void aRemovedTenantsSlowlogIsGoneForTheNextTenantOfItsName() {
        try (Jedis frank = jedis("frank-secret")) {
            frank.get("franks-old-key");
            assertTrue(frank.slowlogGet(-1).stream().anyMatch(e -> e.getArgs().contains("franks-old-key")));
        }
        proxy.reload(yaml -> yaml.replace("frank: {", "frankie: {"));
        proxy.reload(yaml -> yaml.replace("frankie: {", "frank: {"));
        try (Jedis frank = jedis("frank-secret")) {
            List<Slowlog> entries = frank.slowlogGet(-1);
            assertTrue(entries.stream().noneMatch(e -> e.getArgs().contains("franks-old-key")), entries.toString());
            assertTrue(entries.size() <= 3, "at most AUTH, CLIENT SETINFO and the like since: " + entries);
        }
    }

    @Test
    void aTenantSetsItsOwnSlowlogThresholdWhichNeitherTheBackendNorAnotherTenantSees() {
        String backends = proxy.redis().call("CONFIG", "GET", SLOWER_THAN);
        try (Jedis gina = jedis("gina-secret"); Jedis alice = jedis("alice-secret")) {
            gina.clientSetname("gina-app");
            assertEquals("0", gina.configGet(SLOWER_THAN).get(SLOWER_THAN), "the node's slowlog-log-slower-than-us");
            assertEquals("OK", gina.configSet(SLOWER_THAN, "-1"));
            gina.set("unlogged", "v");
            assertEquals("-1", gina.configGet(SLOWER_THAN).get(SLOWER_THAN));
            assertTrue(gina.slowlogGet(-1).stream().noneMatch(e -> e.getArgs().contains("unlogged")));
            assertEquals("0", alice.configGet(SLOWER_THAN).get(SLOWER_THAN));
            alice.set("logged", "v");
            assertTrue(alice.slowlogGet(-1).stream().anyMatch(e -> e.getArgs().contains("logged")));

            gina.slowlogReset();
            assertEquals("OK", gina.configSet(SLOWER_THAN, "0"));
            Slowlog configSet = gina.slowlogGet().get(0);
            assertEquals(List.of("CONFIG", "SET", SLOWER_THAN, "0"), configSet.getArgs());
            assertEquals("gina-app", configSet.getClientName());
            assertEquals(address(gina), configSet.getClientIpPort().toString());
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - argument"
                    + " couldn't be parsed into an integer",
                    assertThrows(JedisDataException.class, () -> gina.configSet(SLOWER_THAN, "soon")).getMessage());
            for (String notRedissInteger : List.of("+5", "05", " 5")) {
                assertTrue(assertThrows(JedisDataException.class, () -> gina.configSet(SLOWER_THAN, notRedissInteger))
                        .getMessage().endsWith("argument couldn't be parsed into an integer"), notRedissInteger);
            }
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - duplicate"
                    + " parameter", assertThrows(JedisDataException.class,
                            () -> gina.configSet(SLOWER_THAN, "1", SLOWER_THAN, "2")).getMessage());
            assertTrue(assertThrows(JedisDataException.class, () -> gina.configSet(SLOWER_THAN, "0", "maxmemory",
                    "1")).getMessage().startsWith("NOPERM"), "the backend's settings stay the operator's");
        }
        assertEquals(backends, proxy.redis().call("CONFIG", "GET", SLOWER_THAN));
    }

    @Test
    void aDedicatedPoolsSlowlogIsTheProxysNamingTheClientAndItsThresholdReachesTheBackendToo() {
        String backends = proxy.dedicatedRedis().call("CONFIG", "GET", SLOWER_THAN).lines().toList().get(1);
        try (Jedis dora = jedis("dora-secret")) {
            dora.clientSetname("dora-app");
            dora.slowlogReset();
            assertEquals("OK", dora.configSet(SLOWER_THAN, "0", "maxmemory-samples", "5"));
            List<Slowlog> entries = dora.slowlogGet();
            assertEquals(List.of("CONFIG", "SET", SLOWER_THAN, "0", "maxmemory-samples", "5"),
                    entries.get(0).getArgs());
            assertEquals("dora-app", entries.get(0).getClientName());
            assertEquals(address(dora), entries.get(0).getClientIpPort().toString());
            assertEquals(List.of("SLOWLOG", "RESET"), entries.get(1).getArgs());
            assertEquals(4, dora.slowlogLen(), "RESET, CONFIG SET, SLOWLOG GET and CLIENT INFO since the reset");
            assertEquals(SLOWER_THAN + "\n0", proxy.dedicatedRedis().call("CONFIG", "GET", SLOWER_THAN));
            dora.configSet(SLOWER_THAN, backends);
        }
        try (RespSocket alice = proxy.login("alice-secret")) {
            assertEquals("-ERR count should be greater than or equal to -1", alice.call("SLOWLOG", "GET", "-2"));
            assertEquals("-ERR wrong number of arguments for 'slowlog|len' command", alice.call("SLOWLOG", "LEN", "x"));
        }
    }

    /** The client's address, as CLIENT INFO gives it. */
    private static String address(Jedis jedis) {
        return jedis.clientInfo().replaceAll("(?s).*\\baddr=(\\S+).*", "$1");
    }

    @Test
    void aclGetuserDescribesTheTenantAsAclListDoesWithoutPasswords() {
        try (Jedis alice = jedis("alice-secret"); Jedis bob = jedis("bob-secret")) {
            AccessControlUser user = alice.aclGetUser("alice");
            assertEquals(List.of("on"), user.getFlags());
            assertEquals(List.of(), user.getPasswords());
            assertEquals("+@all", user.getCommands());
            assertEquals("~*", user.getKeys());
            assertEquals("&*", user.getChannels());
            assertEquals("+@all -@write", bob.aclGetUser("bob").getCommands());
            assertNull(alice.aclGetUser("bob"), "another tenant is a user alice's server does not know");
            assertNull(alice.aclGetUser("default"));
        }
    }

    @Test
    void aclDryrunJudgesByTheProxysRulesForTheTenant() {
        try (Jedis alice = jedis("alice-secret"); Jedis bob = jedis("bob-secret");
             RespSocket raw = proxy.login("alice-secret")) {
            assertEquals("OK", alice.aclDryRun("alice", "set", "k", "v"));
            assertEquals("OK", alice.aclDryRun("alice", "flushall"));
            assertEquals("OK", alice.aclDryRun("alice", "slowlog", "get"));
            assertEquals("This user has no permissions to run the 'set' command",
                    bob.aclDryRun("bob", "set", "k", "v"));
            assertEquals("OK", bob.aclDryRun("bob", "get", "k"));
            assertEquals("This user has no permissions to run the 'shutdown' command",
                    alice.aclDryRun("alice", "shutdown"));
            assertEquals("This user has no permissions to run the 'config|set' command",
                    alice.aclDryRun("alice", "config", "set", "maxmemory", "1"));
            assertEquals("This user has no permissions to run the 'proxy' command",
                    alice.aclDryRun("alice", "proxy", "tenants"));
            assertEquals("-ERR User 'bob' not found", raw.call("ACL", "DRYRUN", "bob", "get", "k"));
            assertEquals("-ERR Command 'nosuch' not found", raw.call("ACL", "DRYRUN", "alice", "nosuch"));
            assertEquals("-ERR wrong number of arguments for 'get' command", raw.call("ACL", "DRYRUN", "alice", "get"));
        }
    }

    @Test
    void clientUnblockEndsABlockedCommandOfTheTenantOnly() {
        try (RespSocket waiter = proxy.login("alice-secret"); Jedis alice = jedis("alice-secret");
             Jedis bob = jedis("bob-secret")) {
            long id = Long.parseLong(waiter.call("CLIENT", "ID").substring(1));
            waiter.send("BLPOP", "never-pushed", "0");
            Eventually.until(TenantScopedDiagnosticsTest::blockedOnTheBackend, "BLPOP blocks");
            assertEquals(0, bob.clientUnblock(id), "another tenant's client is not found");
            assertEquals(1, alice.clientUnblock(id), "still blocked after bob tried");
            assertEquals("(nil)", waiter.read(), "TIMEOUT: as if the wait ran out");
            assertEquals(0, alice.clientUnblock(id), "no longer blocked");

            waiter.send("BLPOP", "never-pushed", "0");
            Eventually.until(TenantScopedDiagnosticsTest::blockedOnTheBackend, "BLPOP blocks again");
            assertEquals(1, alice.clientUnblock(id, UnblockType.ERROR));
            assertEquals("-UNBLOCKED client unblocked via CLIENT UNBLOCK", waiter.read());
            assertEquals("+PONG", waiter.call("PING"), "the session goes on");
            assertEquals(0, alice.clientUnblock(999_999_999L));
        }
    }

    @Test
    void latencyHistogramCountsTheTenantsOwnCallsByCommandInRedissShape() {
        try (RespSocket carol = proxy.login("carol-secret"); RespSocket alice = proxy.login("alice-secret")) {
            for (int i = 0; i < 3; i++) {
                carol.call("SET", "k", "v");
            }
            carol.call("GET", "k");
            carol.call("GET", "k");
            alice.call("INCR", "alices-counter");
            String histogram = carol.call("LATENCY", "HISTOGRAM", "set", "GET", "incr");
            assertTrue(histogram.matches("get\\ncalls\\n:2\\nhistogram_usec(\\n:\\d+\\n:[12])*\\n:\\d+\\n:2\\n"
                    + "set\\ncalls\\n:3\\nhistogram_usec(\\n:\\d+\\n:[123])*\\n:\\d+\\n:3"), histogram);
            assertEquals("", carol.call("LATENCY", "HISTOGRAM", "incr"), "alice's INCR is not carol's");
            assertTrue(alice.call("LATENCY", "HISTOGRAM").contains("incr\ncalls\n:1\n"));
            assertEquals("%1\r\n$3\r\nset\r\n%2\r\n$5\r\ncalls\r\n:3\r\n$14\r\nhistogram_usec\r\n%",
                    resp3Prefix(carol, 54, "LATENCY", "HISTOGRAM", "set"));
            assertTrue(alice.call("LATENCY", "DOCTOR").startsWith("rkproxy latency doctor for tenant 'alice'"),
                    "the tenant's own monitor: the backend's figures mix tenants");
        }
    }

    /** Whether a backend connection is blocked (CLIENT LIST's flag {@code b}). */
    private static boolean blockedOnTheBackend() {
        return proxy.backendCall(0, "CLIENT", "LIST").matches("(?s).*flags=b.*");
    }

    /** The first bytes of a RESP3 reply, as sent. */
    private static String resp3Prefix(RespSocket socket, int length, String... command) {
        assertTrue(socket.call("HELLO", "3").contains("proto"));
        socket.send(command);
        try {
            byte[] head = socket.input().readNBytes(length);
            return new String(head, StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Jedis jedis(String password) {
        Jedis jedis = new Jedis("127.0.0.1", proxy.port());
        jedis.auth(password);
        return jedis;
    }
}
