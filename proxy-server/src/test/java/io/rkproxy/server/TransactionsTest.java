package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

class TransactionsTest {

    /** One I/O thread, so that every session shares its idle pinned connections. */
    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "reader: {password: reader-secret, pool: cache, db: 1, read-only: true}",
            "bob: {password: bob-secret, pool: cache, db: 2}")
            .withServerKeys("io-threads: 1");

    @BeforeEach
    void flush() {
        proxy.redis().call("FLUSHALL");
    }

    @Test
    void multiExecRunsQueuedCommandsInTheTenantsDb() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("MULTI"));
            assertEquals("+QUEUED", c.call("SET", "k", "v"));
            assertEquals("+QUEUED", c.call("INCR", "n"));
            assertEquals("+QUEUED", c.call("PING"));
            assertEquals("+OK\n:1\n+PONG", c.call("EXEC"));
        }
        assertEquals("v", proxy.backendCall(1, "GET", "k"));
    }

    @Test
    void aPinnedConnectionReturnsToThePoolWatchingNothing() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket reader = proxy.login("reader-secret")) {
            assertEquals("+OK", alice.call("WATCH", "secret"));
            assertEquals("-ERR EXEC without MULTI", alice.call("EXEC"));
            assertEquals("+OK", alice.call("SET", "secret", "x"));
            assertEquals("+OK", reader.call("MULTI"), "takes the idle pinned connection alice gave back");
            assertEquals("+QUEUED", reader.call("GET", "secret"));
            assertEquals("x", reader.call("EXEC"), "not aborted by alice's old WATCH");
        }
    }

    @Test
    void watchConflictMakesExecReturnNil() {
        try (RespSocket c = proxy.login("alice-secret"); RespSocket other = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("WATCH", "balance"));
            assertEquals("+OK", other.call("SET", "balance", "100"));
            assertEquals("+OK", c.call("MULTI"));
            assertEquals("+QUEUED", c.call("SET", "balance", "0"));
            assertEquals("(nil)", c.call("EXEC"));
            assertEquals("100", c.call("GET", "balance"));
        }
    }

    @Test
    void watchInAnotherTenantsDbDoesNotConflict() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("+OK", alice.call("WATCH", "balance"));
            assertEquals("+OK", bob.call("SET", "balance", "100"));
            assertEquals("+OK", alice.call("MULTI"));
            assertEquals("+QUEUED", alice.call("SET", "balance", "1"));
            assertEquals("+OK", alice.call("EXEC"));
        }
    }

    @Test
    void aCommandRefusedWhileQueuedMakesExecAbort() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("MULTI"));
            assertEquals("+QUEUED", c.call("SET", "k", "v"));
            assertEquals("-NOPERM this user has no permissions to run the 'swapdb' command",
                    c.call("SWAPDB", "0", "1"));
            assertEquals("-ERR DB index is out of range", c.call("SELECT", "3"));
            assertEquals("-EXECABORT Transaction discarded because of previous errors.", c.call("EXEC"));
            assertEquals("(nil)", c.call("GET", "k"), "nothing of the transaction ran");
            assertEquals("-ERR EXEC without MULTI", c.call("EXEC"), "the backend's MULTI was discarded too");
        }
    }

    @Test
    void selectZeroInsideMultiStaysInTheTenantsDb() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("MULTI");
            assertEquals("+QUEUED", c.call("SELECT", "0"));
            assertEquals("+QUEUED", c.call("SET", "k", "v"));
            assertEquals("+OK\n+OK", c.call("EXEC"));
        }
        assertEquals("v", proxy.backendCall(1, "GET", "k"));
        assertEquals("(nil)", proxy.redis().call("GET", "k"));
    }

    @Test
    void discardAndResetEndTheTransaction() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("MULTI");
            c.call("SET", "k", "v");
            assertEquals("+OK", c.call("DISCARD"));
            assertEquals("(nil)", c.call("GET", "k"));
            c.call("MULTI");
            c.call("SET", "k", "v");
            assertEquals("+RESET", c.call("RESET"));
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
            assertEquals("(nil)", c.call("GET", "k"));
        }
    }

    /**
     * As Jedis's own AllKindOfValuesCommandsTest#reset: Jedis writes MULTI, INCR and RESET before reading a reply (and
     * takes MULTI's +OK as RESET's), so the proxy gets RESET while the transaction's replies are still outstanding.
     */
    @Test
    void aResetPipelinedBehindQueuedCommandsDiscardsTheTransactionAndLogsOut() {
        try (Jedis jedis = new Jedis("127.0.0.1", proxy.port())) {
            jedis.auth("alice-secret");
            jedis.set("counter", "1");
            Transaction t = jedis.multi();
            t.incr("counter");
            jedis.reset();
            JedisDataException refused = assertThrows(JedisDataException.class, t::exec);
            assertEquals("EXECABORT Transaction discarded because of: NOAUTH Authentication required.",
                    refused.getMessage());
            jedis.auth("alice-secret");
            assertEquals("1", jedis.get("counter"));
        }
    }

    @Test
    void jedisTransactionWorks() {
        try (Jedis jedis = new Jedis("127.0.0.1", proxy.port())) {
            jedis.auth("alice-secret");
            Transaction t = jedis.multi();
            t.set("a", "1");
            t.incr("a");
            List<Object> results = t.exec();
            assertEquals(List.of("OK", 2L), results);
            jedis.watch("a");
            try (Jedis other = new Jedis("127.0.0.1", proxy.port())) {
                other.auth("alice-secret");
                other.set("a", "changed");
            }
            Transaction conflicted = jedis.multi();
            conflicted.set("a", "mine");
            assertNull(conflicted.exec());
        }
    }

    @Test
    void publishInsideMultiReachesOnlyTheTenantsSubscribersWhenExecRunsTheTransaction() {
        try (RespSocket aliceSub = proxy.login("alice-secret"); RespSocket bobSub = proxy.login("bob-secret");
             RespSocket backendSub = new RespSocket(proxy.redis().port());
             Jedis alice = new Jedis("127.0.0.1", proxy.port())) {
            assertEquals("subscribe\nnews\n:1", aliceSub.call("SUBSCRIBE", "news"));
            assertEquals("subscribe\nnews\n:1", bobSub.call("SUBSCRIBE", "news"));
            assertEquals("subscribe\nalice:news\n:1", backendSub.call("SUBSCRIBE", "alice:news"));
            alice.auth("alice-secret");
            Transaction tx = alice.multi();
            tx.set("k", "v");
            Response<Long> published = tx.publish("news", "hello");
            Response<Long> counted = tx.incr("n");
            assertEquals(3, tx.exec().size());
            assertEquals(2L, published.get(), "alice's subscriber and alice:news on the backend");
            assertEquals(1L, counted.get());
            assertEquals("message\nnews\nhello", aliceSub.read());
            assertEquals("message\nalice:news\nhello", backendSub.read());
            assertEquals("pong\n", bobSub.call("PING"), "bob's 'news' is another channel: nothing came before");

            alice.watch("k");
            proxy.backendCall(1, "SET", "k", "changed");
            Transaction aborted = alice.multi();
            aborted.publish("news", "never");
            assertNull(aborted.exec(), "WATCH saw the write: nothing ran, nothing was published");
            assertEquals("pong\n", aliceSub.call("PING"));
        }
    }

    @Test
    void subscribeInsideMultiIsRefusedAndAbortsTheTransaction() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("MULTI");
            assertTrue(c.call("SUBSCRIBE", "ch").startsWith("-ERR 'subscribe' is not allowed inside a transaction"));
            assertEquals("-EXECABORT Transaction discarded because of previous errors.", c.call("EXEC"));
        }
    }

    @Test
    void authAsAnotherTenantDropsTheWatchAndItsConnection() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("WATCH", "k"));
            assertEquals("+OK", c.call("AUTH", "bob-secret"));
            assertEquals("+OK", c.call("SET", "k", "bobs"));
        }
        assertEquals("bobs", proxy.backendCall(2, "GET", "k"));
        assertEquals("(nil)", proxy.backendCall(1, "GET", "k"), "nothing went to alice's db");
    }
}
