package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

class BlockingCommandsTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "solo: {password: solo-secret, pool: cache, db: 2, max-pinned-connections: 1}");

    @BeforeEach
    void flush() {
        proxy.redis().call("FLUSHALL");
    }

    @Test
    void blockingPopIsWokenByAnotherClient() throws Exception {
        try (RespSocket waiter = proxy.login("alice-secret"); RespSocket pusher = proxy.login("alice-secret")) {
            waiter.send("BLPOP", "jobs", "0");
            awaitBlockedClients(1);
            assertEquals(":1", pusher.call("LPUSH", "jobs", "job-1"));
            assertEquals("jobs\njob-1", waiter.read());
            assertEquals("+PONG", waiter.call("PING"), "the session is usable afterwards");
        }
    }

    @Test
    void blockingPopWhoseClientDiesLeavesTheValueInTheList() throws Exception {
        try (RespSocket pusher = proxy.login("alice-secret")) {
            RespSocket waiter = proxy.login("alice-secret");
            waiter.send("BLPOP", "jobs", "0");
            awaitBlockedClients(1);
            waiter.close();
            awaitBlockedClients(0);
            assertEquals(":1", pusher.call("LPUSH", "jobs", "job-1"));
            Thread.sleep(100);
            assertEquals(":1", pusher.call("LLEN", "jobs"), "nobody popped the value into the void");
        }
    }

    @Test
    void blockingPopTimesOutWithNil() {
        try (RespSocket c = proxy.login("alice-secret")) {
            long start = System.nanoTime();
            assertEquals("(nil)", c.call("BLPOP", "empty", "0.2"));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms >= 150 && ms < 2000, "took " + ms + " ms");
        }
    }

    @Test
    void pipelinedPushThenBlockingPopKeepsItsOrder() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.send("RPUSH", "q", "a", "b");
            c.send("BRPOP", "q", "0");
            c.send("LLEN", "q");
            c.send("GET", "missing");
            assertEquals(":2", c.read());
            assertEquals("q\nb", c.read());
            assertEquals(":1", c.read());
            assertEquals("(nil)", c.read());
        }
    }

    @Test
    void blockingStreamReadIsPinnedAndWoken() throws Exception {
        try (RespSocket reader = proxy.login("alice-secret"); RespSocket writer = proxy.login("alice-secret")) {
            reader.send("XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "events", "$");
            awaitBlockedClients(1);
            writer.call("XADD", "events", "1-1", "f", "v");
            assertEquals("events\n1-1\nf\nv", reader.read());
        }
    }

    @Test
    void groupReadWithBlockBeforeGroupIsPinned() throws Exception {
        try (RespSocket reader = proxy.login("alice-secret"); RespSocket writer = proxy.login("alice-secret")) {
            assertEquals("+OK", writer.call("XGROUP", "CREATE", "orders", "g", "$", "MKSTREAM"));
            reader.send("XREADGROUP", "BLOCK", "0", "GROUP", "g", "c", "STREAMS", "orders", ">");
            awaitBlockedClients(1);
            assertEquals(1, proxy.runtime().meters().meters("alice").pinnedConnections().get(),
                    "blocked on a connection of its own, not on the one other sessions share");
            assertEquals("(nil)", writer.call("GET", "k"));
            writer.call("XADD", "orders", "1-1", "item", "book");
            assertEquals("orders\n1-1\nitem\nbook", reader.read());
        }
    }

    @Test
    void pinnedConnectionCapIsEnforcedAndRecovers() throws Exception {
        try (RespSocket first = proxy.login("solo-secret"); RespSocket second = proxy.login("solo-secret")) {
            first.send("BLPOP", "q", "0");
            awaitBlockedClients(1);
            assertEquals("-ERR max number of dedicated backend connections reached for this tenant (1): "
                    + "blocking commands, MULTI and WATCH need one", second.call("BLPOP", "q", "0"));
            assertEquals("+OK", second.call("SET", "plain", "works"), "other commands still run");
            assertEquals(":1", second.call("LPUSH", "q", "x"));
            assertEquals("q\nx", first.read());
            assertEquals("(nil)", second.call("BLPOP", "q", "0.05"), "a pinned connection is free again");
        }
    }

    @Test
    void jedisBlockingPopWorks() throws Exception {
        try (JedisPooled jedis = new JedisPooled(new HostAndPort("127.0.0.1", proxy.port()),
                DefaultJedisClientConfig.builder().password("alice-secret").build())) {
            CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> jedis.brpop(5, "jq"));
            awaitBlockedClients(1);
            jedis.lpush("jq", "v");
            assertEquals(List.of("jq", "v"), popped.get(5, TimeUnit.SECONDS));
        }
    }

    /** Waits until the backend reports this many blocked clients. */
    private static void awaitBlockedClients(int expected) throws InterruptedException {
        String want = "blocked_clients:" + expected;
        for (int i = 0; i < 200; i++) {
            if (proxy.redis().call("INFO", "clients").contains(want)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("backend never reported " + want);
    }

    @Test
    void aClientDyingMidBlockGivesBackItsConnectionAndItsPinnedSlot() throws Exception {
        RespSocket waiter = proxy.login("solo-secret");
        waiter.send("BLPOP", "nothing", "0");
        awaitBlockedClients(1);
        waiter.close();
        awaitBlockedClients(0);
        for (int i = 0; i < 100 && proxy.runtime().meters().meters("solo").connections().get() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, proxy.runtime().meters().meters("solo").connections().get());
        assertEquals(0, proxy.runtime().meters().meters("solo").pinnedConnections().get());
        try (RespSocket again = proxy.login("solo-secret")) {
            assertEquals("(nil)", again.call("BLPOP", "nothing", "0.05"), "the single pinned slot is free");
        }
    }

    @Test
    void resetBehindABlockedCommandRunsWhenItReturns() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.send("BLPOP", "q", "0.1");
            c.send("RESET");
            assertEquals("(nil)", c.read());
            assertEquals("+RESET", c.read());
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
        }
    }
}
