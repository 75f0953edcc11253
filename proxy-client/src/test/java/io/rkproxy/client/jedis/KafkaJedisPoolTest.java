package io.rkproxy.client.jedis;

import static io.rkproxy.client.harness.KafkaProxyExtension.APP;
import static io.rkproxy.client.harness.KafkaProxyExtension.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.client.RecordPosition;
import io.rkproxy.client.harness.KafkaProxyExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaJedisPoolTest {

    @RegisterExtension
    static final KafkaProxyExtension proxy = new KafkaProxyExtension(Map.of("orders", 2));

    @Test
    void aLentConnectionGoesBackToThePoolOnClose() {
        try (KafkaJedisPool pool = new KafkaJedisPool(proxy.address(), as(APP))) {
            KafkaJedis first;
            try (KafkaJedis jedis = pool.getResource()) {
                first = jedis;
                jedis.kpush(proxy.topic("orders"), "pooled");
                assertEquals(1, pool.getNumActive());
            }
            assertEquals(0, pool.getNumActive());
            assertEquals(1, pool.getNumIdle());
            try (KafkaJedis again = pool.getResource()) {
                assertSame(first, again);
                assertEquals("PONG", again.ping());
            }
        }
    }

    @Test
    void aBrokenConnectionIsClosedRatherThanLentAgain() {
        try (KafkaJedisPool pool = new KafkaJedisPool(proxy.address(), as(APP))) {
            KafkaJedis broken = pool.getResource();
            broken.getConnection().setBroken();
            broken.close();
            assertEquals(0, pool.getNumIdle());
            assertEquals(1, pool.getDestroyedCount());
            try (KafkaJedis fresh = pool.getResource()) {
                assertNotSame(broken, fresh);
                assertEquals(List.of(0, 1), fresh.kpartitions(proxy.topic("orders")));
            }
        }
    }

    @Test
    void concurrentProducersShareTheConnectionsOfThePool() throws Exception {
        GenericObjectPoolConfig<KafkaJedis> config = KafkaJedisPool.defaultConfig();
        config.setMaxTotal(3);
        String orders = proxy.topic("orders");
        Set<RecordPosition> positions = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (KafkaJedisPool pool = new KafkaJedisPool(config, proxy.address(), as(APP))) {
            List<Future<?>> producers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                producers.add(threads.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        try (KafkaJedis jedis = pool.getResource()) {
                            positions.add(jedis.kpush(orders, "concurrent"));
                        }
                    }
                }));
            }
            for (Future<?> producer : producers) {
                producer.get();
            }
            assertEquals(180, positions.size());
            assertTrue(pool.getCreatedCount() <= 3, "created " + pool.getCreatedCount());
        } finally {
            threads.shutdownNow();
        }
    }
}
