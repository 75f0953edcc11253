package io.rkproxy.client.jedis;

import static io.rkproxy.client.harness.KafkaProxyExtension.APP;
import static io.rkproxy.client.harness.KafkaProxyExtension.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.client.KafkaOffset;
import io.rkproxy.client.KafkaRecord;
import io.rkproxy.client.harness.Eventually;
import io.rkproxy.client.harness.KafkaProxyExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 10,000 messages through rkproxy and Kafka and back, none lost, none twice. */
class RoundTripTest {

    private static final int MESSAGES = 10_000;

    @RegisterExtension
    static final KafkaProxyExtension proxy = new KafkaProxyExtension(Map.of("by-offset", 3, "by-consumer", 3));

    @Test
    void everyMessageProducedIsReadBackByOffsetExactlyOnce() {
        String topic = proxy.topic("by-offset");
        produce(topic);
        AtomicIntegerArray seen = new AtomicIntegerArray(MESSAGES);
        try (KafkaJedis reader = new KafkaJedis(proxy.address(), as(APP))) {
            for (int partition : reader.kpartitions(topic)) {
                long end = reader.koffset(topic, partition, KafkaOffset.LATEST).offset();
                long offset = reader.koffset(topic, partition, KafkaOffset.EARLIEST).offset();
                while (offset < end) {
                    List<KafkaRecord> records = reader.kpop(topic, partition, offset, 10_000);
                    records.forEach(r -> seen.incrementAndGet(index(r.valueAsString())));
                    offset = records.get(records.size() - 1).offset() + 1;
                }
            }
        }
        assertEachSeenOnce(seen);
    }

    @Test
    void everyMessageProducedReachesARafkaConsumerExactlyOnce() throws Exception {
        String topic = proxy.topic("by-consumer");
        produce(topic);
        AtomicIntegerArray seen = new AtomicIntegerArray(MESSAGES);
        AtomicInteger handled = new AtomicInteger();
        RafkaConsumer consumer = RafkaConsumer.builder(proxy.address(), as(APP)).group("round-trip").name("one")
                .topics(topic).build(m -> {
                    seen.incrementAndGet(index(m.valueAsString()));
                    handled.incrementAndGet();
                });
        CompletableFuture<Void> run = CompletableFuture.runAsync(consumer::run, r -> new Thread(r).start());
        try {
            Eventually.until(() -> handled.get() >= MESSAGES || run.isDone(), MESSAGES + " messages consumed");
        } finally {
            consumer.close();
        }
        run.get();
        assertEachSeenOnce(seen);
    }

    private static void produce(String topic) {
        try (RafkaProducer producer = new RafkaProducer(proxy.address(), as(APP))) {
            for (int i = 0; i < MESSAGES; i++) {
                producer.send(topic, "m" + i);
            }
            assertEquals(0, producer.flush(Duration.ofSeconds(30)));
        }
    }

    private static int index(String value) {
        return Integer.parseInt(value.substring(1));
    }

    private static void assertEachSeenOnce(AtomicIntegerArray seen) {
        for (int i = 0; i < MESSAGES; i++) {
            assertEquals(1, seen.get(i), "times m" + i + " was seen");
        }
    }
}
