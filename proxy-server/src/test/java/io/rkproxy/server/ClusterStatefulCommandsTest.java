package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Blocking commands, transactions, scripts and pub/sub on a cluster pool, with key-prefix tenants. */
class ClusterStatefulCommandsTest {

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(0,
            "alice: {password: alice-secret, pool: big}",
            "bob: {password: bob-secret, pool: big}");

    @BeforeEach
    void clean() {
        proxy.cluster().flushAll();
    }

    /** Two hash tags whose slots are served by different masters. */
    private static String[] tagsOnTwoNodes() {
        String first = "{t0}";
        for (int i = 1; i < 100; i++) {
            String other = "{t" + i + "}";
            if (!proxy.cluster().masterForSlot(proxy.cluster().slotOf(first))
                    .equals(proxy.cluster().masterForSlot(proxy.cluster().slotOf(other)))) {
                return new String[] {first, other};
            }
        }
        throw new IllegalStateException("no two tags on different masters");
    }

    @Test
    void aBlockingPopWaitsOnTheKeysMasterAndNamesTheKeyWithoutThePrefix() throws Exception {
        try (RespSocket blocked = proxy.login("alice-secret"); RespSocket pusher = proxy.login("alice-secret")) {
            CompletableFuture<String> popped = CompletableFuture.supplyAsync(() -> blocked.call("BLPOP", "queue", "5"));
            Thread.sleep(200);
            assertEquals(":1", pusher.call("RPUSH", "queue", "job"));
            assertEquals("queue\njob", popped.get(5, TimeUnit.SECONDS));
            assertEquals("PONG", blocked.call("PING").replace("+", ""));
        }
    }

    @Test
    void keysInsideExecsReplyAreNamedWithoutThePrefix() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals(":2", c.call("RPUSH", "{q}jobs", "a", "b"));
            assertEquals("+OK", c.call("MULTI"));
            assertEquals("+QUEUED", c.call("SELECT", "0"));
            assertEquals("+QUEUED", c.call("BLPOP", "{q}jobs", "1"));
            assertEquals("+QUEUED", c.call("LLEN", "{q}jobs"));
            assertEquals("+QUEUED", c.call("BRPOP", "{q}empty", "{q}jobs", "1"));
            assertEquals("+OK\n{q}jobs\na\n:1\n{q}jobs\nb", c.call("EXEC"));
        }
    }

    @Test
    void aTransactionOnOneSlotCommits() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("MULTI"));
            assertEquals("+QUEUED", c.call("SET", "{user1}.name", "ann"));
            assertEquals("+QUEUED", c.call("INCR", "{user1}.visits"));
            assertEquals("+OK\n:1", c.call("EXEC"));
            assertEquals("ann", c.call("GET", "{user1}.name"));
        }
    }

    @Test
    void aTransactionSpanningNodesFailsWithCrossslotAndExecabort() {
        String[] tags = tagsOnTwoNodes();
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("MULTI"));
            assertEquals("+QUEUED", c.call("SET", tags[0] + "a", "1"));
            assertTrue(c.call("SET", tags[1] + "b", "2").startsWith("-CROSSSLOT"));
            assertTrue(c.call("EXEC").startsWith("-EXECABORT"));
            assertEquals("(nil)", c.call("GET", tags[0] + "a"));
            assertEquals("+OK", c.call("SET", tags[1] + "b", "after"), "the session is usable after the abort");
        }
    }

    @Test
    void watchSeesAnotherSessionsWriteAndExecReturnsNil() {
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
    void evalRunsOnTheMasterOfItsKeysWithThePrefixApplied() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "k", "v"));
            assertEquals("v", c.call("GET", "k"));
            assertEquals("v", proxy.backendCall("alice:k", "GET", "alice:k"));
            assertEquals(":42", c.call("EVAL", "return 42", "0"), "a script without keys runs on any master");
        }
    }

    @Test
    void aScriptCannotReachAnotherTenantsKeys() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("+OK", bob.call("SET", "{s}secret", "bob-data"));
            String reply = alice.call("EVAL", "return redis.call('get', 'bob:{s}secret')", "0");
            assertTrue(reply.startsWith("-") && !reply.contains("bob-data"), reply);
        }
    }

    @Test
    void scriptLoadReachesEveryMasterSoEvalshaWorksForAnyKey() {
        String[] tags = tagsOnTwoNodes();
        try (RespSocket c = proxy.login("alice-secret")) {
            String sha = c.call("SCRIPT", "LOAD", "return redis.call('incr', KEYS[1])");
            assertEquals(40, sha.length(), sha);
            assertEquals(":1", c.call("EVALSHA", sha, "1", tags[0] + "n"));
            assertEquals(":1", c.call("EVALSHA", sha, "1", tags[1] + "n"));
            assertEquals(":1\n:0", c.call("SCRIPT", "EXISTS", sha, "0000000000000000000000000000000000000000"));
        }
    }

    @Test
    void subscribeAndPublishWorkClusterWideWithinOneTenant() {
        try (RespSocket sub = proxy.login("alice-secret"); RespSocket pub = proxy.login("alice-secret");
             RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("subscribe\nnews\n:1", sub.call("SUBSCRIBE", "news"));
            assertEquals(":0", bob.call("PUBLISH", "news", "from-bob"));
            assertEquals(":1", pub.call("PUBLISH", "news", "hello"));
            assertEquals("message\nnews\nhello", sub.read());
        }
    }

    @Test
    void publishInsideMultiReachesTheTenantsSubscribersWhenExecRunsTheTransaction() {
        try (RespSocket sub = proxy.login("alice-secret"); RespSocket bobSub = proxy.login("bob-secret");
             RespSocket c = proxy.login("alice-secret")) {
            assertEquals("subscribe\nnews\n:1", sub.call("SUBSCRIBE", "news"));
            assertEquals("subscribe\nnews\n:1", bobSub.call("SUBSCRIBE", "news"));
            assertEquals("+OK", c.call("MULTI"));
            assertEquals("+QUEUED", c.call("PUBLISH", "news", "first"));
            assertEquals("+QUEUED", c.call("RPUSH", "{q}jobs", "a"));
            assertEquals("+QUEUED", c.call("PUBLISH", "news", "second"));
            assertEquals("+QUEUED", c.call("SPUBLISH", "news", "to-no-shard-subscriber"));
            assertEquals(":1\n:1\n:1\n:0", c.call("EXEC"));
            assertEquals("message\nnews\nfirst", sub.read());
            assertEquals("message\nnews\nsecond", sub.read());
            assertEquals("pong\n", bobSub.call("PING"), "bob's 'news' is another channel");
        }
    }

    @Test
    void shardChannelsOnDifferentMastersShareOneSessionInOrder() {
        String[] tags = tagsOnTwoNodes();
        try (RespSocket sub = proxy.login("alice-secret"); RespSocket pub = proxy.login("alice-secret")) {
            assertEquals("ssubscribe\n" + tags[0] + "\n:1", sub.call("SSUBSCRIBE", tags[0]));
            assertEquals("ssubscribe\n" + tags[1] + "\n:1", sub.call("SSUBSCRIBE", tags[1]));
            assertEquals(":1", pub.call("SPUBLISH", tags[1], "second"));
            assertEquals("smessage\n" + tags[1] + "\nsecond", sub.read());
            assertEquals(":1", pub.call("SPUBLISH", tags[0], "first"));
            assertEquals("smessage\n" + tags[0] + "\nfirst", sub.read());
            sub.send("SUNSUBSCRIBE");
            String one = sub.read();
            String two = sub.read();
            assertNotEquals(one, two);
            assertTrue(one.startsWith("sunsubscribe\n") && two.startsWith("sunsubscribe\n"), one + " / " + two);
            assertEquals("+PONG", sub.call("PING"), "subscribed mode has ended");
        }
    }

    @Test
    void streamNamesInXreadRepliesComeBackWithoutThePrefixInResp2AndResp3() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("XADD", "events", "1-1", "f", "v");
            assertEquals("events\n1-1\nf\nv", c.call("XREAD", "STREAMS", "events", "0"));
            c.call("HELLO", "3");
            assertEquals("%1\nevents\n1-1\nf\nv", c.call("XREAD", "STREAMS", "events", "0"));
        }
    }

    @Test
    void clientTrackingIsRefusedOnAClusterPool() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("HELLO", "3");
            assertTrue(c.call("CLIENT", "TRACKING", "ON").startsWith("-ERR 'client|tracking' is not supported"));
        }
    }

    @Test
    void whileWatchingEverythingButTheTransactionIsRoutedAsUsual() {
        String[] tags = tagsOnTwoNodes();
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("MSET", tags[0] + "a", "1", tags[1] + "b", "2");
            assertEquals("+OK", c.call("WATCH", tags[0] + "a"));
            assertEquals("1\n2", c.call("MGET", tags[0] + "a", tags[1] + "b"));
            assertEquals(2, c.call("KEYS", "*").split("\n").length);
            assertEquals(":2", c.call("DBSIZE"));
            assertTrue(c.call("WATCH", tags[1] + "b").startsWith("-"), "a watch on another node cannot hold");
            assertEquals("+OK", c.call("MULTI"));
            assertEquals("+QUEUED", c.call("INCR", tags[0] + "a"));
            assertEquals(":2", c.call("EXEC"));
        }
    }

    @Test
    void sortStoresIntoAPrefixedKeyAndInfoShowsNoSharedKeyspace() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("RPUSH", "{l}list", "3", "1", "2");
            assertEquals(":3", c.call("SORT", "{l}list", "STORE", "{l}sorted"));
            assertEquals("1\n2\n3", c.call("LRANGE", "{l}sorted", "0", "-1"));
            assertTrue(!c.call("INFO", "keyspace").contains("db0:"));
        }
    }
}
