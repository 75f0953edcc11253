package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
    void keysScanAndDbsizeCoverOnlyTheTenantsKeysOnEveryMaster() {
        try (Jedis jedis = jedis(); RespSocket c = new RespSocket(proxy.port())) {
            for (int i = 0; i < 50; i++) {
                jedis.set("k" + i, "v");
            }
            proxy.backendCall("other", "SET", "other", "x");
            assertEquals(50, jedis.keys("*").size());
            assertEquals(50L, jedis.dbSize());
            assertTrue(jedis.randomKey().startsWith("k"));
        }
    }
}
