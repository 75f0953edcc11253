package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.Jedis;

class ClusterRoutingTest {

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(0,
            "alice: {password: alice-secret, pool: big}");

    @BeforeEach
    void clean() {
        proxy.cluster().flushAll();
    }

    private Jedis jedis() {
        Jedis jedis = new Jedis("127.0.0.1", proxy.port());
        jedis.auth("alice-secret");
        return jedis;
    }

    @Test
    void singleKeyCommandsReachTheMasterOfTheirPrefixedKeysSlot() {
        try (Jedis jedis = jedis()) {
            for (int i = 0; i < 100; i++) {
                assertEquals("OK", jedis.set("key" + i, "v" + i));
            }
            for (int i = 0; i < 100; i++) {
                assertEquals("v" + i, jedis.get("key" + i));
                assertEquals("v" + i, proxy.backendCall("alice:key" + i, "GET", "alice:key" + i));
            }
        }
    }

    @Test
    void multiKeyCommandsAcrossSlotsAreSplitAndMerged() {
        try (Jedis jedis = jedis()) {
            List<String> kv = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                kv.add("k" + i);
                kv.add("v" + i);
            }
            assertEquals("OK", jedis.mset(kv.toArray(String[]::new)));
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                keys.add("k" + i);
            }
            keys.add("missing");
            List<String> values = jedis.mget(keys.toArray(String[]::new));
            for (int i = 0; i < 20; i++) {
                assertEquals("v" + i, values.get(i));
            }
            assertEquals(null, values.get(20));
            assertEquals(21L, jedis.exists(keys.toArray(String[]::new)) + 1);
            assertEquals(20L, jedis.del(keys.toArray(String[]::new)));
        }
    }

    @Test
    void mergedRepliesKeepTheClientsKeyOrderAndRedisNils() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("LPUSH", "list", "x");
            c.call("MSET", "k3", "3", "k1", "1");
            assertEquals("1\n(nil)\n(nil)\n3\n1", c.call("MGET", "k1", "list", "k2", "k3", "k1"));
            assertEquals(":3", c.call("EXISTS", "k1", "k1", "k3", "k2"), "EXISTS counts a repeated key twice");
            assertEquals(":2", c.call("TOUCH", "k1", "k3", "nope"));
            assertEquals(":2", c.call("UNLINK", "k1", "k3", "nope"));
        }
    }

    @Test
    void msetnxAcrossSlotsIsRefusedWithCrossslotButWorksWithinOneHashTag() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertTrue(c.call("MSETNX", "a", "1", "b", "2").startsWith("-CROSSSLOT Keys in request don't hash"));
            assertEquals(":1", c.call("MSETNX", "{u}a", "1", "{u}b", "2"));
            assertEquals("1\n2", c.call("MGET", "{u}a", "{u}b"));
        }
    }

    @Test
    void otherMultiKeyCommandsNeedOneSlot() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("SET", "a", "1");
            assertEquals("-CROSSSLOT Keys in request don't hash to the same slot", c.call("RENAME", "a", "b"));
            c.call("SET", "{t}a", "1");
            assertEquals("+OK", c.call("RENAME", "{t}a", "{t}b"));
            assertEquals("1", c.call("GET", "{t}b"));
            assertTrue(c.call("SUNIONSTORE", "dest", "x", "y").startsWith("-CROSSSLOT"));
        }
    }

    @Test
    void setAndSortedSetAlgebraAcrossSlotsIsComputedAsRedisWould() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("SADD", "s1", "a", "b", "c");
            c.call("SADD", "s2", "b", "c", "d");
            c.call("SADD", "s3", "c", "x");
            assertEquals("c", c.call("SINTER", "s1", "s2", "s3"));
            assertEquals("a", c.call("SDIFF", "s1", "s2"));
            assertEquals(5, c.call("SUNION", "s1", "s2", "s3").split("\n").length);
            assertEquals("", c.call("SINTER", "s1", "missing"));
            c.call("ZADD", "z1", "1", "a", "2", "b");
            c.call("ZADD", "z2", "3", "b", "4", "c");
            assertEquals("a\n1\nc\n4\nb\n5", c.call("ZUNION", "2", "z1", "z2", "WITHSCORES"));
            assertEquals("b\n10", c.call("ZINTER", "2", "z1", "z2", "WEIGHTS", "2", "2", "WITHSCORES"));
            assertEquals("a", c.call("ZDIFF", "2", "z1", "z2"));
            c.call("PFADD", "h1", "a", "b");
            c.call("PFADD", "h2", "b", "c");
            assertEquals(":3", c.call("PFCOUNT", "h1", "h2"));
            assertTrue(c.call("SINTER", "s1", "z1").startsWith("-WRONGTYPE"));
            assertEquals("[]", proxy.cluster().masters().stream()
                    .map(m -> m.call("KEYS", "*rkproxy-tmp*")).filter(r -> !r.isEmpty()).toList()
                    .toString(), "the temporary copies are gone");
        }
    }

    @Test
    void scanWalksEveryMasterWithOneCursor() {
        try (RespSocket c = proxy.login("alice-secret")) {
            for (int i = 0; i < 300; i++) {
                c.call("SET", "k" + i, "v");
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            String cursor = "0";
            int calls = 0;
            do {
                String[] reply = c.call("SCAN", cursor, "COUNT", "50").split("\n", 2);
                cursor = reply[0];
                if (reply.length > 1 && !reply[1].isEmpty()) {
                    seen.addAll(List.of(reply[1].split("\n")));
                }
                calls++;
            } while (!cursor.equals("0") && calls < 1000);
            assertEquals(300, seen.size());
            assertTrue(seen.stream().allMatch(k -> k.startsWith("k")), "keys come back without the prefix");
            assertEquals("-ERR invalid cursor", c.call("SCAN", "1023"));
        }
    }

    @Test
    void keysDbsizeAndRandomkeyCoverOnlyTheTenantsKeysOnEveryMaster() {
        try (Jedis jedis = jedis()) {
            for (int i = 0; i < 50; i++) {
                jedis.set("k" + i, "v");
            }
            proxy.backendCall("other", "SET", "other", "x");
            assertEquals(50, jedis.keys("*").size());
            assertEquals(11, jedis.keys("k1*").size());
            assertEquals(50L, jedis.dbSize());
            assertTrue(jedis.randomKey().startsWith("k"));
        }
    }

    @Test
    void flushdbDeletesOnlyTheTenantsKeys() {
        try (Jedis jedis = jedis()) {
            for (int i = 0; i < 50; i++) {
                jedis.set("k" + i, "v");
            }
            proxy.backendCall("other", "SET", "other", "x");
            assertEquals("OK", jedis.flushDB());
            assertEquals(0L, jedis.dbSize());
            assertEquals(null, jedis.randomKey());
            assertEquals("x", proxy.backendCall("other", "GET", "other"));
        }
    }

    @Test
    void aKeyWithAHashTagKeepsItsSlotUnderThePrefix() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("SET", "{user7}.name", "ann");
            assertEquals(proxy.cluster().slotOf("user7"), proxy.cluster().slotOf("alice:{user7}.name"));
            assertEquals("ann", proxy.backendCall("alice:{user7}.name", "GET", "alice:{user7}.name"));
        }
    }

    @Test
    void lettuceInStandaloneModeSeesOneRedis() {
        RedisClient client = RedisClient.create(RedisURI.Builder.redis("127.0.0.1", proxy.port())
                .withPassword("alice-secret".toCharArray()).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < 30; i++) {
                values.put("lettuce" + i, "v" + i);
            }
            assertEquals("OK", redis.mset(values));
            List<KeyValue<String, String>> read = redis.mget(values.keySet().toArray(String[]::new));
            read.forEach(kv -> assertEquals(values.get(kv.getKey()), kv.getValue()));
            assertEquals(30L, redis.del(values.keySet().toArray(String[]::new)));
            assertEquals(List.of(), redis.keys("lettuce*"));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aScriptPastTheLimitIsKilledOnWhicheverMasterRunsIt() {
        try (RespSocket c = proxy.login("alice-secret"); RespSocket other = proxy.login("alice-secret")) {
            assertEquals("-NOTBUSY No scripts in execution right now.", other.call("SCRIPT", "KILL"),
                    "no master runs one");
            assertTrue(c.call("EVAL", "while true do end", "1", "somekey")
                    .startsWith("-ERR script killed by rkproxy: it ran longer than the 1000 ms"));
            assertEquals("+OK", c.call("SET", "somekey", "v"));
        }
    }
}
