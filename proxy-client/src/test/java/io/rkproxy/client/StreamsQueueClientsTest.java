package io.rkproxy.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.rkproxy.client.harness.ProxyYaml;
import io.rkproxy.client.harness.RunningProxy;
import io.rkproxy.client.jedis.KafkaCommandException;
import io.rkproxy.client.jedis.KafkaJedis;
import io.rkproxy.client.lettuce.KafkaAsyncCommands;
import io.rkproxy.client.lettuce.KafkaCommands;
import io.rkproxy.testkit.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;

/**
 * The Jedis and Lettuce extensions, unchanged, against a tenant whose queue is Redis Streams ({@code queue:}) rather
 * than a Kafka pool: the application does not know which backend it has.
 */
class StreamsQueueClientsTest {

    private static final String SECRET = "app-secret";

    static RedisServer redis;
    static RunningProxy proxy;
    static KafkaJedis jedis;
    static RedisClient lettuce;
    static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        proxy = RunningProxy.start(ProxyYaml.serverSection()
                + "pools:\n"
                + "  cache: {type: redis, nodes: [\"" + redis.address() + "\"]}\n"
                + "tenants:\n"
                + "  app: {password: " + SECRET + ", pool: cache, queue: {partitions: 2}, "
                + "topics: {orders: [produce, consume], jobs: [produce, consume], batch: [produce, consume], "
                + "audit: [produce]}}\n");
        jedis = new KafkaJedis(proxy.address(), DefaultJedisClientConfig.builder().password(SECRET).build());
        lettuce = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                .withPassword(SECRET.toCharArray()).build());
        connection = lettuce.connect();
    }

    @AfterAll
    static void stop() {
        if (connection != null) {
            connection.close();
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (jedis != null) {
            jedis.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void kafkaJedisPushesReadsByOffsetAndFindsOffsetsOnStreams() {
        byte[] value = {0, (byte) 0xff, '\r', '\n', '$', 42};
        RecordPosition first = jedis.kpush("orders".getBytes(UTF_8), 1, value);
        RecordPosition second = jedis.kpush("orders", 1, "second");
        assertEquals(1, first.partition());
        assertTrue(second.offset() > first.offset());
        List<KafkaRecord> read = jedis.kpop("orders", 1, first.offset(), 2);
        assertArrayEquals(value, read.get(0).value());
        assertEquals(new KafkaRecord(1, second.offset(), "second".getBytes(UTF_8)), read.get(1));
        assertEquals(List.of(0, 1), jedis.kpartitions("orders"));
        assertEquals(new KafkaOffset(second.offset() + 1, -1), jedis.koffset("orders", 1, KafkaOffset.LATEST));
        KafkaCommandException refused = assertThrows(KafkaCommandException.class, () -> jedis.kpop("audit"));
        assertEquals(KafkaErrorKind.NO_PERMISSION, refused.kind());
        assertEquals("NOPERM tenant 'app' may not consume topic 'audit'", refused.getMessage());
    }

    @Test
    void kpopWithACountTakesUpToCountEntriesPerCallEachOnceFromJedisAndLettuce() throws Exception {
        KafkaAsyncCommands async = new KafkaAsyncCommands(connection);
        for (int i = 0; i < 5; i++) {
            jedis.kpush("batch", 0, "b" + i);
        }
        List<KafkaRecord> first = jedis.kpop("batch", 3);
        List<KafkaRecord> rest = async.kpop("batch", 10).get(5, TimeUnit.SECONDS);
        assertEquals(List.of("b0", "b1", "b2"), first.stream().map(KafkaRecord::valueAsString).toList());
        assertEquals(List.of("b3", "b4"), rest.stream().map(KafkaRecord::valueAsString).toList());
        assertEquals(List.of(), new KafkaCommands(connection).kpop("batch", 10));
    }

    @Test
    void lettuceSyncAndAsyncCommandsDrainATopicOnce() throws Exception {
        KafkaCommands sync = new KafkaCommands(connection);
        KafkaAsyncCommands async = new KafkaAsyncCommands(connection);
        TreeSet<String> pushed = new TreeSet<>();
        for (int i = 0; i < 6; i++) {
            pushed.add("job" + i);
            if (i % 2 == 0) {
                sync.kpush("jobs", "job" + i);
            } else {
                async.kpush("jobs", "job" + i).get(5, TimeUnit.SECONDS);
            }
        }
        TreeSet<String> popped = new TreeSet<>();
        Optional<KafkaRecord> next;
        while ((next = popped.size() % 2 == 0 ? sync.kpop("jobs") : async.kpop("jobs").get(5, TimeUnit.SECONDS))
                .isPresent()) {
            assertTrue(popped.add(next.get().valueAsString()), "handed out once: " + next.get());
        }
        assertEquals(pushed, popped);
        assertEquals(List.of(0, 1), async.kpartitions("jobs").get(5, TimeUnit.SECONDS));
    }
}
