package io.rkproxy.client.jedis;

import static io.rkproxy.client.harness.KafkaProxyExtension.APP;
import static io.rkproxy.client.harness.KafkaProxyExtension.VIEWER;
import static io.rkproxy.client.harness.KafkaProxyExtension.as;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rkproxy.client.KafkaErrorKind;
import io.rkproxy.client.KafkaOffset;
import io.rkproxy.client.KafkaRecord;
import io.rkproxy.client.harness.KafkaProxyExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RafkaProducerTest {

    @RegisterExtension
    static final KafkaProxyExtension proxy = new KafkaProxyExtension(Map.of("plain", 1, "keyed", 4));

    static KafkaJedis reader;

    @BeforeAll
    static void connect() {
        reader = new KafkaJedis(proxy.address(), as(APP));
    }

    @AfterAll
    static void disconnect() {
        reader.close();
    }

    @Test
    void flushReturnsZeroOnceTheBrokerHasEveryMessageSent() {
        String plain = proxy.topic("plain");
        byte[] binary = {0, (byte) 0xfe, '\n'};
        try (RafkaProducer producer = new RafkaProducer(proxy.address(), as(APP))) {
            for (int i = 0; i < 50; i++) {
                producer.send(plain, "m" + i);
            }
            producer.send(plain, binary);
            assertEquals(0, producer.flush(Duration.ofSeconds(10)));
        }
        assertEquals(51, reader.koffset(plain, 0, KafkaOffset.LATEST).offset());
        List<KafkaRecord> records = reader.kpop(plain, 0, 0, 100);
        assertEquals("m0", records.get(0).valueAsString());
        assertEquals("m49", records.get(49).valueAsString());
        assertArrayEquals(binary, records.get(50).value());
    }

    @Test
    void messagesWithOneKeyGoToOnePartition() {
        String keyed = proxy.topic("keyed");
        try (RafkaProducer producer = new RafkaProducer(proxy.address(), as(APP))) {
            for (int i = 0; i < 20; i++) {
                producer.send(keyed, "customer-7", "text" + i);
                producer.send(keyed, "customer-7".getBytes(UTF_8), ("bytes" + i).getBytes(UTF_8));
            }
            assertEquals(0, producer.flush(Duration.ofSeconds(10)));
        }
        List<Long> ends = new ArrayList<>();
        for (int partition : reader.kpartitions(keyed)) {
            ends.add(reader.koffset(keyed, partition, KafkaOffset.LATEST).offset());
        }
        assertEquals(40L, ends.stream().mapToLong(Long::longValue).max().orElseThrow(), ends.toString());
        assertEquals(40L, ends.stream().mapToLong(Long::longValue).sum(), ends.toString());
    }

    @Test
    void sendErrorsAreTypedAndKeepRafkasText() {
        String ghost = proxy.topic("ghost");
        try (RafkaProducer producer = new RafkaProducer(proxy.address(), as(APP))) {
            KafkaCommandException unknown = assertThrows(KafkaCommandException.class, () -> producer.send(ghost, "v"));
            assertEquals("PROD unknown topic '" + ghost + "'", unknown.getMessage());
            assertEquals(KafkaErrorKind.UNKNOWN_TOPIC, unknown.kind());
            producer.send(proxy.topic("audit"), "produce-only topics take messages");
            assertEquals(0, producer.flush(Duration.ofSeconds(10)));
        }
        try (RafkaProducer viewer = new RafkaProducer(proxy.address(), as(VIEWER))) {
            KafkaCommandException readOnly = assertThrows(KafkaCommandException.class,
                    () -> viewer.send(proxy.topic("plain"), "v"));
            assertEquals("NOPERM tenant 'viewer' is read-only", readOnly.getMessage());
            assertEquals(KafkaErrorKind.NO_PERMISSION, readOnly.kind());
        }
    }
}
