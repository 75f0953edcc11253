package io.rkproxy.client.jedis;

import static io.rkproxy.client.harness.KafkaProxyExtension.APP;
import static io.rkproxy.client.harness.KafkaProxyExtension.as;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.client.KafkaOffset;
import io.rkproxy.client.KafkaRecord;
import io.rkproxy.client.RecordPosition;
import io.rkproxy.client.harness.Eventually;
import io.rkproxy.client.harness.KafkaProxyExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every K* method of {@link KafkaJedis}, String and byte[], against a real rkproxy and Kafka broker. */
class KafkaJedisTest {

    @RegisterExtension
    static final KafkaProxyExtension proxy = new KafkaProxyExtension(Map.of(
            "orders", 1, "two", 2, "drain", 1, "drain-bytes", 1, "stamps", 1, "stamps-bytes", 1,
            "batch", 1, "batch-bytes", 1));

    static KafkaJedis jedis;

    @BeforeAll
    static void connect() {
        jedis = new KafkaJedis(proxy.address(), as(APP));
    }

    @AfterAll
    static void disconnect() {
        jedis.close();
    }

    @Test
    void kpushRepliesThePartitionAndOffsetTheBrokerStoredTheRecordAt() {
        String orders = proxy.topic("orders");
        RecordPosition first = jedis.kpush(orders, "hello");
        RecordPosition second = jedis.kpush(orders.getBytes(UTF_8), "world".getBytes(UTF_8));
        assertEquals(0, first.partition());
        assertEquals(new RecordPosition(0, first.offset() + 1), second);
        assertEquals(List.of(new KafkaRecord(0, first.offset(), "hello".getBytes(UTF_8)),
                        new KafkaRecord(0, second.offset(), "world".getBytes(UTF_8))),
                jedis.kpop(orders, 0, first.offset(), 2));
    }

    @Test
    void kpushKeepsBinaryValuesIntact() {
        byte[] orders = proxy.topic("orders").getBytes(UTF_8);
        byte[] value = {0, (byte) 0xff, '\r', '\n', '$', 42};
        RecordPosition at = jedis.kpush(orders, value);
        assertArrayEquals(value, jedis.kpop(orders, 0, at.offset(), 1).get(0).value());
    }

    @Test
    void kpushWithAPartitionWritesToThatPartition() {
        String two = proxy.topic("two");
        RecordPosition one = jedis.kpush(two, 1, "to one");
        RecordPosition zero = jedis.kpush(two.getBytes(UTF_8), 0, "to zero".getBytes(UTF_8));
        assertEquals(1, one.partition());
        assertEquals(0, zero.partition());
        assertEquals("to one", jedis.kpop(two, 1, one.offset(), 1).get(0).valueAsString());
        assertEquals("to zero", jedis.kpop(two, 0, zero.offset(), 1).get(0).valueAsString());
    }

    @Test
    void kpopByOffsetReadsUpToCountRecordsAndNothingAtTheLogsEnd() {
        String orders = proxy.topic("orders");
        long from = jedis.kpush(orders, "a").offset();
        jedis.kpush(orders, "b");
        jedis.kpush(orders, "c");
        assertEquals(List.of("a", "b"), values(jedis.kpop(orders, 0, from, 2)));
        assertEquals(List.of("c"), values(jedis.kpop(orders.getBytes(UTF_8), 0, from + 2, 10)));
        long end = jedis.koffset(orders, 0, KafkaOffset.LATEST).offset();
        assertEquals(List.of(), jedis.kpop(orders, 0, end, 10));
    }

    @Test
    void kpopWithoutOffsetTakesEachRecordOfTheGroupOnceThenNothing() {
        String drain = proxy.topic("drain");
        for (int i = 0; i < 5; i++) {
            jedis.kpush(drain, "m" + i);
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), drainFive(() -> jedis.kpop(drain)));
        assertEquals(Optional.empty(), jedis.kpop(drain));
    }

    @Test
    void kpopOfBytesWithoutOffsetTakesEachRecordOfTheGroupOnceThenNothing() {
        byte[] drain = proxy.topic("drain-bytes").getBytes(UTF_8);
        for (int i = 0; i < 5; i++) {
            jedis.kpush(drain, ("m" + i).getBytes(UTF_8));
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), drainFive(() -> jedis.kpop(drain)));
        assertEquals(Optional.empty(), jedis.kpop(drain));
    }

    @Test
    void kpopWithACountTakesUpToCountRecordsOfTheGroupPerCallEachOnceThenNothing() {
        String batch = proxy.topic("batch");
        byte[] batchBytes = proxy.topic("batch-bytes").getBytes(UTF_8);
        for (int i = 0; i < 5; i++) {
            jedis.kpush(batch, "m" + i);
            jedis.kpush(batchBytes, ("m" + i).getBytes(UTF_8));
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), drainFiveInBatches(() -> jedis.kpop(batch, 3), 3));
        assertEquals(List.of(), jedis.kpop(batch, 3));
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), drainFiveInBatches(() -> jedis.kpop(batchBytes, 2), 2));
        assertEquals(List.of(), jedis.kpop(batchBytes, 2));
    }

    @Test
    void kpartitionsListsThePartitionIds() {
        String two = proxy.topic("two");
        assertEquals(List.of(0, 1), jedis.kpartitions(two));
        assertEquals(List.of(0, 1), jedis.kpartitions(two.getBytes(UTF_8)));
    }

    @Test
    void koffsetFindsTheLogsStartItsEndAndTheFirstRecordAtATime() {
        String stamps = proxy.topic("stamps");
        long before = System.currentTimeMillis() - 1;
        RecordPosition at = jedis.kpush(stamps, "stamped");
        assertEquals(0, jedis.koffset(stamps, 0, KafkaOffset.EARLIEST).offset());
        assertEquals(at.offset() + 1, jedis.koffset(stamps, 0, KafkaOffset.LATEST).offset());
        KafkaOffset byTime = jedis.koffset(stamps, 0, before);
        assertEquals(at.offset(), byTime.offset());
        assertTrue(byTime.timestamp() >= before, byTime.toString());
    }

    @Test
    void koffsetOfBytesFindsTheLogsStartItsEndAndTheFirstRecordAtATime() {
        byte[] stamps = proxy.topic("stamps-bytes").getBytes(UTF_8);
        long before = System.currentTimeMillis() - 1;
        RecordPosition at = jedis.kpush(stamps, "stamped".getBytes(UTF_8));
        assertEquals(0, jedis.koffset(stamps, 0, KafkaOffset.EARLIEST).offset());
        assertEquals(at.offset() + 1, jedis.koffset(stamps, 0, KafkaOffset.LATEST).offset());
        assertEquals(at.offset(), jedis.koffset(stamps, 0, before).offset());
    }

    /** The first KPOPs of a node find nothing while its group member joins. */
    private static List<String> drainFive(Supplier<Optional<KafkaRecord>> kpop) {
        List<String> got = new ArrayList<>();
        Eventually.until(() -> {
            kpop.get().ifPresent(r -> got.add(r.valueAsString()));
            return got.size() == 5;
        }, "five records from KPOP");
        return got;
    }

    /** Like {@link #drainFive}, with KPOP COUNT: no call may bring more than {@code count} records. */
    private static List<String> drainFiveInBatches(Supplier<List<KafkaRecord>> kpop, int count) {
        List<String> got = new ArrayList<>();
        Eventually.until(() -> {
            List<KafkaRecord> batch = kpop.get();
            assertTrue(batch.size() <= count, batch.size() + " records");
            got.addAll(values(batch));
            return got.size() >= 5;
        }, "five records from KPOP COUNT");
        return got;
    }

    private static List<String> values(List<KafkaRecord> records) {
        return records.stream().map(KafkaRecord::valueAsString).toList();
    }
}
