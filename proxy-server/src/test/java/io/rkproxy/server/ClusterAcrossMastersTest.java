package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * What a session's commands mean when its keys live on several masters of a cluster with replicas: commands whose
 * answer covers every master inside MULTI, XREAD and XREADGROUP over streams of several masters, and WAIT after
 * writes to several masters.
 */
class ClusterAcrossMastersTest {

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(1,
            "alice: {password: alice-secret, pool: big}");
    private static final Pattern WAIT_CALLS = Pattern.compile("cmdstat_wait:calls=(\\d+)");

    /** A tenant with {@code key-prefix: ""}, which owns the whole cluster: alone on a proxy of its own. */
    private static RunningProxy owner;
    /** One hash tag per master, in the order of {@link io.rkproxy.testkit.RedisCluster#masters()}. */
    private static List<String> tags;

    @BeforeAll
    static void start() {
        owner = proxy.anotherProxy("owner: {password: owner-secret, pool: big, key-prefix: \"\"}");
        tags = new ArrayList<>();
        for (RedisServer master : proxy.cluster().masters()) {
            for (int i = 0; ; i++) {
                String tag = "{t" + i + "}";
                if (proxy.cluster().masterForSlot(proxy.cluster().slotOf(tag)).equals(master)) {
                    tags.add(tag);
                    break;
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        owner.close();
    }

    @BeforeEach
    void clean() {
        proxy.cluster().flushAll();
    }

    private static RespSocket ownerLogin() {
        RespSocket c = new RespSocket(owner.port());
        assertEquals("+OK", c.call("AUTH", "owner-secret"));
        return c;
    }

    @Test
    void keysAndScanInsideMultiAreRefusedRatherThanAnsweredForTheTransactionsMasterOnly() {
        try (RespSocket c = ownerLogin()) {
            for (String tag : tags) {
                assertEquals("+OK", c.call("SET", tag + "k", "v"));
            }
            assertEquals(3, c.call("KEYS", "*").lines().count(), "outside MULTI KEYS covers every master");
            assertEquals("+OK", c.call("MULTI"));
            assertEquals("+QUEUED", c.call("SET", tags.get(0) + "k", "changed"));
            for (String[] command : List.of(new String[] {"KEYS", "*"}, new String[] {"SCAN", "0"},
                    new String[] {"DBSIZE"}, new String[] {"RANDOMKEY"}, new String[] {"FLUSHALL"})) {
                String refused = c.call(command);
                assertTrue(refused.startsWith("-CROSSSLOT '")
                        && refused.contains("' covers every master of the cluster, and a transaction runs on one"),
                        refused);
            }
            assertEquals("-EXECABORT Transaction discarded because of previous errors.", c.call("EXEC"));
            assertEquals("v", c.call("GET", tags.get(0) + "k"), "the doomed transaction changed nothing");
            assertEquals(3, c.call("KEYS", "*").lines().count());
        }
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("MULTI"));
            assertTrue(c.call("SCAN", "0").startsWith("-CROSSSLOT 'scan' covers every master"),
                    "a tenant with a prefix gets the same refusal, not the backend's NOPERM");
            assertEquals("+OK", c.call("DISCARD"));
        }
    }

    @Test
    void xreadOverStreamsOfEveryMasterAnswersTheStreamsInTheClientsOrderWithoutThePrefix() {
        try (RespSocket c = proxy.login("alice-secret")) {
            for (int i = 0; i < tags.size(); i++) {
                assertEquals("1-" + i, c.call("XADD", tags.get(i) + "s", "1-" + i, "n", Integer.toString(i)));
            }
            String third = tags.get(2) + "s";
            String first = tags.get(0) + "s";
            String second = tags.get(1) + "s";
            assertEquals(String.join("\n", third, "1-2", "n", "2", first, "1-0", "n", "0"),
                    c.call("XREAD", "COUNT", "5", "STREAMS", third, first, second, "0", "0", "1-1"),
                    "the second stream has nothing after 1-1, so it is left out");
            assertEquals("(nil)", c.call("XREAD", "STREAMS", first, second, "1-0", "1-1"));
        }
        try (Jedis jedis = new Jedis("127.0.0.1", proxy.port())) {
            jedis.auth("alice-secret");
            Map<String, StreamEntryID> from = new LinkedHashMap<>();
            tags.forEach(tag -> from.put(tag + "s", new StreamEntryID(0, 0)));
            List<Map.Entry<String, List<StreamEntry>>> read = jedis.xread(XReadParams.xReadParams(), from);
            assertEquals(tags.stream().map(tag -> tag + "s").toList(), read.stream().map(Map.Entry::getKey).toList());
            assertEquals(List.of("1-0", "1-1", "1-2"),
                    read.stream().map(e -> e.getValue().get(0).getID().toString()).toList());
        }
        RedisClient lettuce = RedisClient.create(RedisURI.Builder.redis("127.0.0.1", proxy.port())
                .withPassword("alice-secret".toCharArray()).build());
        try (StatefulRedisConnection<String, String> connection = lettuce.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            List<StreamMessage<String, String>> read = redis.xread(
                    XReadArgs.StreamOffset.from(tags.get(1) + "s", "0"),
                    XReadArgs.StreamOffset.from(tags.get(0) + "s", "0"));
            assertEquals(List.of(tags.get(1) + "s", tags.get(0) + "s"),
                    read.stream().map(StreamMessage::getStream).toList(), "RESP3's map keeps the client's order");
        } finally {
            lettuce.shutdown();
        }
    }

    @Test
    void xreadgroupOverStreamsOfEveryMasterDeliversEachEntryOnceAndLeavesItPending() {
        try (Jedis jedis = new Jedis("127.0.0.1", proxy.port())) {
            jedis.auth("alice-secret");
            Map<String, StreamEntryID> undelivered = new LinkedHashMap<>();
            for (String tag : tags) {
                jedis.xadd(tag + "s", new StreamEntryID(1, 0), Map.of("f", "v"));
                jedis.xgroupCreate(tag + "s", "g", new StreamEntryID(0, 0), false);
                undelivered.put(tag + "s", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
            }
            List<Map.Entry<String, List<StreamEntry>>> read = jedis.xreadGroup("g", "c1",
                    XReadGroupParams.xReadGroupParams().count(10), undelivered);
            assertEquals(3, read.size());
            for (String tag : tags) {
                assertEquals(1, jedis.xpending(tag + "s", "g").getTotal(), tag + "s has its entry pending");
            }
            assertNull(jedis.xreadGroup("g", "c2", XReadGroupParams.xReadGroupParams(), undelivered),
                    "nothing is delivered twice: every part answers nil, and so does the merge");
        }
    }

    @Test
    void xreadWithBlockNeedsOneSlotAndStillBlocksThere() throws Exception {
        try (RespSocket blocked = proxy.login("alice-secret"); RespSocket writer = proxy.login("alice-secret")) {
            String refused = blocked.call("XREAD", "BLOCK", "100", "STREAMS", tags.get(0) + "s", tags.get(1) + "s",
                    "$", "$");
            assertTrue(refused.startsWith("-CROSSSLOT") && refused.contains("XREAD and XREADGROUP with BLOCK"),
                    refused);
            String stream = tags.get(0) + "s";
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> blocked.call("XREAD", "BLOCK",
                    "5000", "STREAMS", stream, tags.get(0) + "other", "$", "$"));
            Thread.sleep(200);
            assertEquals("5-0", writer.call("XADD", stream, "5-0", "f", "v"));
            assertEquals(String.join("\n", stream, "5-0", "f", "v"), read.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void waitAfterWritesToTwoMastersAsksBothAndCountsOnlyReplicasThatHaveTheWrites() {
        List<RedisServer> masters = proxy.cluster().masters();
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals(":1", c.call("WAIT", "1", "2000"), "a session that wrote nowhere asks any master");
            long[] before = waitCalls(masters);
            assertEquals("+OK", c.call("SET", tags.get(0) + "k", "v"));
            assertEquals("+OK", c.call("SET", tags.get(1) + "k", "v"));
            assertEquals(":1", c.call("WAIT", "1", "2000"));
            long[] after = waitCalls(masters);
            assertEquals(before[0] + 1, after[0], "the first written master got the WAIT");
            assertEquals(before[1] + 1, after[1], "the second written master got the WAIT");
            assertEquals(before[2], after[2], "the master the session did not write to got none");

            RedisServer replica = proxy.cluster().replicasOf(masters.get(1)).get(0);
            Eventually.until(masters.get(1)::replicasAcknowledgedEverything, "the replica acknowledged everything");
            replica.pause();
            try {
                assertEquals("+OK", c.call("SET", tags.get(0) + "k", "w"));
                assertEquals("+OK", c.call("SET", tags.get(1) + "k", "w"));
                assertEquals(":0", c.call("WAIT", "1", "300"),
                        "the stopped replica does not have the second master's write, so it is not counted");
            } finally {
                replica.resume();
            }
            assertEquals("w", c.call("GET", tags.get(1) + "k"));
            assertEquals("", c.call("KEYS", "*rkproxy-wait*"), "the marks WAIT wrote are gone");
        }
    }

    @Test
    void aWaitPipelinedBehindWritesWhileWatchingAsksTheMastersOfThoseWrites() {
        List<RedisServer> masters = proxy.cluster().masters();
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("WATCH", tags.get(2) + "w"));
            long[] before = waitCalls(masters);
            c.send("SET", tags.get(0) + "k", "v").send("SET", tags.get(1) + "k", "v").send("WAIT", "1", "2000");
            assertEquals(List.of("+OK", "+OK", ":1"), List.of(c.read(), c.read(), c.read()));
            long[] after = waitCalls(masters);
            assertEquals(List.of(before[0] + 1, before[1] + 1, before[2]), List.of(after[0], after[1], after[2]),
                    "WAIT calls on each master");
            assertEquals("+OK", c.call("UNWATCH"));
        }
    }

    @Test
    void waitsMarksLeaveEveryKeyAClientCanNameAlone() {
        try (RespSocket c = proxy.login("alice-secret")) {
            for (int n = 0; n < 30; n++) {
                assertEquals("+OK", c.call("SET", "{rkproxy-wait-" + n + "}", "mine"));
            }
            for (String tag : tags) {
                assertEquals("+OK", c.call("SET", tag + "k", "v"));
            }
            assertEquals(":1", c.call("WAIT", "1", "2000"));
            for (int n = 0; n < 30; n++) {
                assertEquals("mine", c.call("GET", "{rkproxy-wait-" + n + "}"), "the key {rkproxy-wait-" + n + "}");
            }
        }
    }

    private static long[] waitCalls(List<RedisServer> masters) {
        long[] calls = new long[masters.size()];
        for (int i = 0; i < calls.length; i++) {
            Matcher m = WAIT_CALLS.matcher(masters.get(i).call("INFO", "commandstats"));
            calls[i] = m.find() ? Long.parseLong(m.group(1)) : 0;
        }
        return calls;
    }
}
