package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * CLIENT PAUSE and UNPAUSE hold and release the commands of the caller's tenant on this proxy node, its own
 * connection's included, as Redis holds every client's. Other tenants of the same backend go on; the backend is never
 * paused.
 */
class TenantClientPauseTest {

    private static final long PAUSE_MS = 1500;
    /** What another tenant's command may take while one is paused: far less than the pause. */
    private static final long UNDELAYED_MS = 300;

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password: bob-secret, pool: cache, db: 2}",
            "carol: {password: carol-secret, pool: cache, db: 3}",
            "erin: {password: erin-secret, pool: cache, db: 5}",
            "dora: {password: dora-secret, pool: solo, db: 4}")
            .withDedicatedPool("solo");

    /** A test that fails mid-pause leaves no pause behind for the next. */
    @AfterEach
    void unpauseEveryTenant() {
        for (String tenant : List.of("alice", "bob", "carol", "erin", "dora")) {
            proxy.runtime().pauses().unpause(tenant);
        }
    }

    @Test
    void aPausedTenantsCommandsWaitForTheTimeoutWhileAnotherTenantOnTheSamePoolIsNotDelayed() {
        try (Jedis pauser = jedis("alice-secret"); RespSocket alice = proxy.login("alice-secret");
             RespSocket bob = proxy.login("bob-secret")) {
            long start = System.nanoTime();
            assertEquals("OK", pauser.clientPause(PAUSE_MS));
            alice.send("SET", "k", "v");
            long bobStart = System.nanoTime();
            assertEquals("+OK", bob.call("SET", "k", "bobs"));
            long bobMillis = millisSince(bobStart);
            assertEquals("+OK", alice.read());
            long aliceMillis = millisSince(start);
            assertTrue(bobMillis < UNDELAYED_MS, "bob waited " + bobMillis + " ms");
            assertTrue(aliceMillis >= PAUSE_MS - 100, "alice's SET came back after " + aliceMillis + " ms");
            assertEquals("PONG", pauser.ping(), "the pause is over for the pausing connection too");
        }
        assertFalse(proxy.redis().call("INFO", "commandstats").contains("cmdstat_client|pause"),
                "the backend was never paused");
    }

    @Test
    void thePausingConnectionsOwnNextCommandWaitsToo() {
        try (RespSocket alice = proxy.login("alice-secret")) {
            long start = System.nanoTime();
            assertEquals("+OK", alice.call("CLIENT", "PAUSE", "600"));
            assertEquals("+PONG", alice.call("PING"));
            long millis = millisSince(start);
            assertTrue(millis >= 500, "PING came back after " + millis + " ms");
        }
    }

    @Test
    void unpauseReleasesTheHeldCommandsAtOnce() throws Exception {
        try (RespSocket pauser = proxy.login("alice-secret"); RespSocket alice = proxy.login("alice-secret")) {
            assertEquals("+OK", pauser.call("CLIENT", "PAUSE", "60000", "WRITE"));
            alice.send("INCR", "released");
            Thread.sleep(300);
            assertEquals(0, alice.input().available(), "the INCR is held");
            long start = System.nanoTime();
            assertEquals("+OK", pauser.call("CLIENT", "UNPAUSE"));
            assertTrue(alice.read().matches(":\\d+"));
            long millis = millisSince(start);
            assertTrue(millis < 1000, "released " + millis + " ms after UNPAUSE");
        }
    }

    @Test
    void writeModeLetsReadsThroughAndHoldsWritesAndWhatMayReplicate() throws Exception {
        try (Jedis pauser = jedis("alice-secret"); RespSocket reader = proxy.login("alice-secret");
             RespSocket writer = proxy.login("alice-secret"); RespSocket publisher = proxy.login("alice-secret")) {
            assertEquals("OK", pauser.clientPause(60_000, ClientPauseMode.WRITE));
            long start = System.nanoTime();
            reader.call("GET", "k");
            reader.call("EXISTS", "k");
            long readMillis = millisSince(start);
            writer.send("SET", "w", "1");
            publisher.send("PUBLISH", "news", "hello");
            Thread.sleep(300);
            assertEquals(0, writer.input().available() + publisher.input().available(), "SET and PUBLISH are held");
            assertEquals("OK", pauser.clientUnpause(), "CLIENT UNPAUSE is no write: it runs");
            assertEquals("+OK", writer.read());
            assertEquals(":0", publisher.read());
            assertTrue(readMillis < UNDELAYED_MS * 2, "two reads took " + readMillis + " ms");
        }
    }

    @Test
    void heldPipelinedCommandsRunInTheOrderTheyWereSent() {
        try (RespSocket pauser = proxy.login("carol-secret"); RespSocket carol = proxy.login("carol-secret")) {
            carol.call("DEL", "n");
            assertEquals("+OK", pauser.call("CLIENT", "PAUSE", "500"));
            carol.sendRaw(RespSocket.encode("INCR", "n") + RespSocket.encode("GET", "n")
                    + RespSocket.encode("SET", "n", "10") + RespSocket.encode("INCR", "n")
                    + RespSocket.encode("APPEND", "n", "x") + RespSocket.encode("GET", "n"));
            assertEquals(":1", carol.read());
            assertEquals("1", carol.read());
            assertEquals("+OK", carol.read());
            assertEquals(":11", carol.read());
            assertEquals(":3", carol.read());
            assertEquals("11x", carol.read());
        }
    }

    @Test
    void aHeldClientThatKeepsSendingIsNoLongerReadSoItCannotGrowTheProxysMemory() throws Exception {
        try (RespSocket pauser = proxy.login("carol-secret"); RespSocket flood = proxy.login("carol-secret")) {
            assertEquals("+OK", pauser.call("CLIENT", "PAUSE", "60000", "WRITE"));
            AtomicLong written = new AtomicLong();
            byte[] command = RespSocket.encode("SET", "flood", "x".repeat(1000)).getBytes(StandardCharsets.UTF_8);
            Thread writer = new Thread(() -> {
                OutputStream out = flood.output();
                try {
                    while (written.get() < 256L << 20) {
                        out.write(command);
                        written.addAndGet(command.length);
                    }
                } catch (IOException closed) {
                    // the test closed the socket under a blocked write
                }
            });
            writer.start();
            Thread.sleep(1000);
            long after1s = written.get();
            Thread.sleep(200);
            long stalled = written.get() - after1s;
            assertEquals("+OK", pauser.call("CLIENT", "UNPAUSE"));
            flood.close();
            writer.join(5000);
            // at most what the kernel's socket buffers hold (tcp_rmem and tcp_wmem allow 36 MB) and one read's worth
            assertTrue(after1s < 48L << 20, after1s + " bytes were taken from the held client");
            assertTrue(stalled < 1L << 20, "the proxy went on reading the held client: " + stalled + " bytes");
        }
        try (RespSocket carol = proxy.login("carol-secret")) {
            assertEquals("+PONG", carol.call("PING"), "the tenant is served again");
        }
    }

    @Test
    void aPauseOnADedicatedPoolHoldsItsTenantButNeverItsBackend() {
        try (RespSocket pauser = proxy.login("dora-secret"); RespSocket dora = proxy.login("dora-secret")) {
            long start = System.nanoTime();
            assertEquals("+OK", pauser.call("CLIENT", "PAUSE", "700"));
            dora.send("SET", "d", "1");
            long directStart = System.nanoTime();
            assertEquals("+OK", proxy.dedicatedRedis().call("SET", "direct", "1"));
            long directMillis = millisSince(directStart);
            assertEquals("+OK", dora.read());
            long millis = millisSince(start);
            assertTrue(millis >= 600, "dora's SET came back after " + millis + " ms");
            assertTrue(directMillis < UNDELAYED_MS, "the backend took " + directMillis + " ms");
        }
    }

    @Test
    void removingAPausedTenantClosesItsHeldSessionsInsteadOfLeavingThemStuck() {
        try (RespSocket pauser = proxy.login("erin-secret"); RespSocket erin = proxy.login("erin-secret")) {
            assertEquals("+OK", pauser.call("CLIENT", "PAUSE", "60000"));
            erin.send("GET", "k");
            long start = System.nanoTime();
            proxy.reload(yaml -> yaml.replaceAll("  erin: \\{[^\n]*\n", ""));
            String reply = erin.read();
            long millis = millisSince(start);
            assertTrue(reply.startsWith("-") && reply.contains("erin"), reply);
            assertTrue(erin.isClosedByServer());
            assertTrue(millis < 3000, "the held session was answered " + millis + " ms after the reload");
        }
    }

    @Test
    void badArgumentsGetRedissErrors() {
        try (RespSocket alice = proxy.login("alice-secret")) {
            assertEquals("-ERR timeout is not an integer or out of range", alice.call("CLIENT", "PAUSE", "soon"));
            assertEquals("-ERR timeout is negative", alice.call("CLIENT", "PAUSE", "-1"));
            assertEquals("-ERR CLIENT PAUSE mode must be WRITE or ALL", alice.call("CLIENT", "PAUSE", "1", "READ"));
            assertEquals("-ERR CLIENT PAUSE mode must be WRITE or ALL", alice.call("CLIENT", "PAUSE", "soon", "READ"),
                    "Redis checks the mode first");
            assertEquals("+OK", alice.call("CLIENT", "UNPAUSE"), "with no pause in force, as Redis");
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static Jedis jedis(String password) {
        Jedis jedis = new Jedis("127.0.0.1", proxy.port());
        jedis.auth(password);
        return jedis;
    }
}
