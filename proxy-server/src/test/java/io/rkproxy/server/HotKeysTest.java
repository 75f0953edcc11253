package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Hot keys and big keys per tenant, sampled one command in ten: what {@code PROXY HOTKEYS}, {@code PROXY BIGKEYS},
 * {@code /api/hotkeys} and {@code /metrics} show, each tenant's apart.
 */
class HotKeysTest {

    private static final int COLD_KEYS = 5_000;
    /** The hot key's GETs: one for every other cold key. */
    private static final int HOT_GETS = COLD_KEYS / 2;
    private static final int BIG_VALUE_BYTES = 1024 * 1024;

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "ops: {password: ops-secret, pool: cache, db: 0, admin: true}",
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password: bob-secret, pool: cache, db: 2}")
            .withServerKeys("hot-keys: {sample-rate: 10, top: 16, window-s: 60}")
            .withAdmin("{bind: 127.0.0.1, port: 0}");

    @BeforeAll
    static void traffic() {
        try (Jedis alice = login("alice-secret"); Jedis bob = login("bob-secret")) {
            Pipeline p = alice.pipelined();
            for (int i = 0; i < COLD_KEYS; i++) {
                p.get("cold:" + i);
                if (i % 2 == 0) {
                    p.get("hot");
                }
            }
            p.sync();
            alice.set("blob".getBytes(StandardCharsets.UTF_8), new byte[BIG_VALUE_BYTES]);
            assertEquals(BIG_VALUE_BYTES, alice.get("blob".getBytes(StandardCharsets.UTF_8)).length);
            Pipeline q = bob.pipelined();
            for (int i = 0; i < 1_000; i++) {
                q.incr("bob:counter");
            }
            q.sync();
        }
    }

    private static Jedis login(String password) {
        Jedis jedis = new Jedis("127.0.0.1", proxy.port());
        jedis.auth(password);
        return jedis;
    }

    /** {@code PROXY <args>} as the admin tenant: the reply's one tenant entry, as a map. */
    private static Map<String, Object> proxyCommand(String... args) {
        try (Jedis ops = login("ops-secret")) {
            List<?> tenants = (List<?>) ops.sendCommand(JedisReplies.command("PROXY"), args);
            assertEquals(1, tenants.size(), "one tenant named");
            return fields(tenants.get(0));
        }
    }

    /** A RESP2 map (a flat array of names and values) with bulks as text. */
    private static Map<String, Object> fields(Object reply) {
        List<?> items = (List<?>) reply;
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            Object value = items.get(i + 1);
            out.put(JedisReplies.text(items.get(i)), value instanceof byte[] ? JedisReplies.text(value) : value);
        }
        return out;
    }

    private static List<Map<String, Object>> keys(Map<String, Object> tenant) {
        List<Map<String, Object>> out = new ArrayList<>();
        ((List<?>) tenant.get("keys")).forEach(k -> out.add(fields(k)));
        return out;
    }

    @Test
    void aKeyHammeredAmongManyColdOnesIsTheTopOfProxyHotkeys() {
        Map<String, Object> alice = proxyCommand("HOTKEYS", "alice", "3");
        assertEquals("alice", alice.get("tenant"));
        assertEquals(10L, alice.get("sample-rate"));
        List<Map<String, Object>> keys = keys(alice);
        assertEquals(3, keys.size(), "as many as asked for: " + keys);
        assertEquals("hot", keys.get(0).get("key"), "the hottest first: " + keys);
        long ops = (Long) keys.get(0).get("ops");
        assertTrue(ops > HOT_GETS / 3 && ops < HOT_GETS * 3, "estimated from one command in ten: " + ops);
        assertTrue((Long) keys.get(1).get("ops") < ops / 10, "a cold key is far behind: " + keys);
    }

    @Test
    void aOneMegabyteValueShowsInProxyBigkeysWithItsSize() {
        List<Map<String, Object>> keys = keys(proxyCommand("BIGKEYS", "alice"));
        assertEquals(1, keys.size(), "only the blob was big: " + keys);
        Map<String, Object> blob = keys.get(0);
        assertEquals("blob", blob.get("key"));
        assertEquals("set", blob.get("command"), "the SET request, with its framing, is larger than GET's reply");
        long bytes = (Long) blob.get("bytes");
        assertTrue(bytes > BIG_VALUE_BYTES && bytes < BIG_VALUE_BYTES + 100, "RESP framing included: " + bytes);
        assertEquals(2L, blob.get("seen"), "the SET and the GET");
    }

    @Test
    void twoTenantsDoNotSeeEachOthersKeys() {
        Map<String, Object> bob = proxyCommand("HOTKEYS", "bob");
        assertEquals(List.of("bob:counter"), keys(bob).stream().map(k -> k.get("key")).toList());
        assertEquals(List.of(), keys(proxyCommand("BIGKEYS", "bob")));
        Map<String, Object> alice = proxyCommand("HOTKEYS", "alice", "16");
        assertFalse(keys(alice).stream().anyMatch(k -> k.get("key").equals("bob:counter")), alice.toString());
        try (Jedis alicesOwn = login("alice-secret")) {
            JedisDataException e = assertThrows(JedisDataException.class,
                    () -> alicesOwn.sendCommand(JedisReplies.command("PROXY"), "HOTKEYS", "bob"));
            assertTrue(e.getMessage().startsWith("NOPERM"), e.getMessage());
        }
    }

    @Test
    void proxyHotkeysRefusesAnUnknownTenantAndABadCount() {
        try (Jedis ops = login("ops-secret")) {
            JedisDataException unknown = assertThrows(JedisDataException.class,
                    () -> ops.sendCommand(JedisReplies.command("PROXY"), "HOTKEYS", "nobody"));
            assertEquals("ERR no tenant named 'nobody'", unknown.getMessage());
            JedisDataException count = assertThrows(JedisDataException.class,
                    () -> ops.sendCommand(JedisReplies.command("PROXY"), "BIGKEYS", "alice", "many"));
            assertEquals("ERR value is out of range, must be positive", count.getMessage());
            List<?> all = (List<?>) ops.sendCommand(JedisReplies.command("PROXY"), "HOTKEYS");
            assertEquals(List.of("alice", "bob", "ops"), all.stream().map(t -> fields(t).get("tenant")).toList());
        }
    }

    @Test
    void theConsoleAndTheMetricsShowTheSameKeys() {
        ConsoleClient console = new ConsoleClient(proxy.adminPort());
        JsonNode alice = console.json("/api/hotkeys").get("tenants").get("alice");
        assertEquals(60, alice.get("windowSeconds").asLong());
        assertEquals("hot", alice.get("hot").get(0).get("key").asText());
        assertTrue(alice.get("hot").get(0).get("opsPerSecond").asDouble() > 0);
        assertEquals("blob", alice.get("big").get(0).get("key").asText());
        String metrics = console.get("/metrics").body();
        assertTrue(metrics.contains("rkproxy_hot_key_ops_per_second{tenant=\"alice\",key=\"hot\"} "), metrics);
        assertTrue(metrics.contains("rkproxy_big_key_bytes{tenant=\"alice\",key=\"blob\"} "), metrics);
        long aliceSeries = metrics.lines().filter(l -> l.startsWith("rkproxy_hot_key_ops_per_second{tenant=\"alice\""))
                .count();
        assertEquals(5, aliceSeries, "only the top 5 of the many keys sampled are label values");
    }
}
