package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * What a tenant may tune or queue for itself (its slow log's threshold, PUBLISHes in MULTI, KPOPs of topics a prefix
 * grant lets it name without end) costs the other tenants and the shared backend nothing past a bound, and what it
 * leaves behind goes with it when it is removed.
 */
class TenantKnobsCostOthersNothingTest {

    private static final int SHOP_DB = 3;

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password: bob-secret, pool: cache, db: 2}",
            "shop: {password: shop-secret, pool: cache, db: " + SHOP_DB + ", queue: {partitions: 2, maxlen: 1000},"
                    + " topics: {\"w.*\": [produce, consume]}}",
            "rk: {password: rk-secret, pool: cache, db: 6, queue: {partitions: 2, maxlen: 1000}, rafka: true,"
                    + " topics: {\"w.*\": [produce, consume]}}")
            .withServerKeys("slowlog-log-slower-than-us: 10000000\nslowlog-max-len: 50");

    @Test
    void aTenantsOwnSlowlogThresholdFillsItsOwnRingAndNotTheAdminsView() {
        try (Jedis alice = new Jedis("127.0.0.1", proxy.port())) {
            alice.auth("alice-secret");
            assertEquals("OK", alice.configSet("slowlog-log-slower-than", "0"));
            for (int i = 0; i < 200; i++) {
                alice.get("k" + i);
            }
            assertEquals(50, alice.slowlogLen(), "alice's own ring has her commands");
            assertEquals("OK", alice.configSet("slowlog-log-slower-than", "10000000"));
        }
        assertTrue(proxy.runtime().slowLog().latest(1000).stream().noneMatch(e -> e.tenant().equals("alice")),
                "nothing took the node's 10 s, so PROXY SLOWLOG holds none of alice's commands");
    }

    @Test
    void publishesQueuedInMultiHoldAtMostTheSoftOutputBoundAndPastItTheTransactionAborts() {
        String megabyte = "x".repeat(1 << 20);
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket listener = proxy.login("alice-secret")) {
            assertTrue(listener.call("SUBSCRIBE", "c").contains("subscribe"));
            assertEquals("+OK", alice.call("MULTI"));
            String refused = null;
            for (int i = 0; i < 12 && refused == null; i++) {
                String reply = alice.call("PUBLISH", "c", megabyte);
                if (!reply.equals("+QUEUED")) {
                    refused = reply;
                }
            }
            assertEquals("-ERR the PUBLISHes queued in this transaction would hold more than 8388608 bytes in the "
                    + "proxy (server.client-output-buffer-soft-bytes)", refused);
            assertTrue(alice.call("EXEC").startsWith("-EXECABORT"));
            assertEquals("+PONG", alice.call("PING"));
            listener.timeout(300);
            assertThrows(UncheckedIOException.class, listener::read, "nothing was published");
        }
    }

    @Test
    void kpopsOfTopicsWithoutEndMeasureTheLagOfABoundedNumberOfThem() throws Exception {
        long before = xinfoCalls();
        try (RespSocket shop = proxy.login("shop-secret")) {
            for (int i = 0; i < 300; i++) {
                shop.call("KPOP", "w.t" + i);
            }
        }
        Thread.sleep(1_000);
        long polled = xinfoCalls() - before;
        assertTrue(polled <= 32 * 2, polled + " XINFO GROUPS for 300 KPOPs of distinct topics: at most 32 topics of "
                + "2 partitions are measured");
    }

    @Test
    void aRemovedTenantsQueueFiguresAreGoneForTheNextTenantOfItsName() {
        try (RespSocket rk = proxy.login("rk-secret")) {
            rk.call("KPUSH", "w.volume", "x");
            assertTrue(produced(rk.call("HGETALL", "stats")) >= 1);
        }
        proxy.reload(yaml -> yaml.replace("rk: {", "rk-old: {"));
        proxy.reload(yaml -> yaml.replace("rk-old: {", "rk: {"));
        try (RespSocket rk = proxy.login("rk-secret")) {
            String stats = rk.call("HGETALL", "stats");
            assertEquals(0, produced(stats), "the new tenant 'rk' sees the removed one's counters: " + stats);
        }
    }

    private static long produced(String stats) {
        Matcher m = Pattern.compile("producer\\.messages\\n:?(\\d+)").matcher(stats);
        assertTrue(m.find(), stats);
        return Long.parseLong(m.group(1));
    }

    private long xinfoCalls() {
        Matcher calls = Pattern.compile("cmdstat_xinfo\\|groups:calls=(\\d+)")
                .matcher(proxy.backendCall(SHOP_DB, "INFO", "commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }
}
