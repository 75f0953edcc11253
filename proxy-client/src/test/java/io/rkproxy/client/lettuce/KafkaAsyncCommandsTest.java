package io.rkproxy.client.lettuce;

import static io.rkproxy.client.harness.KafkaProxyExtension.APP;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.rkproxy.client.KafkaErrorKind;
import io.rkproxy.client.KafkaOffset;
import io.rkproxy.client.KafkaRecord;
import io.rkproxy.client.RecordPosition;
import io.rkproxy.client.harness.Eventually;
import io.rkproxy.client.harness.KafkaProxyExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every K* method of {@link KafkaAsyncCommands}, String and byte[], on a Lettuce connection to a real rkproxy. */
class KafkaAsyncCommandsTest {

    @RegisterExtension
    static final KafkaProxyExtension proxy = new KafkaProxyExtension(Map.of(
            "orders", 1, "two", 2, "drain", 1, "drain-bytes", 1, "stamps", 1, "batch", 1));

    static RedisClient client;
    static StatefulRedisConnection<String, String> connection;
    static KafkaAsyncCommands kafka;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(proxy.uri(APP));
        connection = client.connect();
        kafka = new KafkaAsyncCommands(connection);
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void kpushesSentTogetherAreStoredInTheirOrder() throws Exception {
        String orders = proxy.topic("orders");
        List<CompletableFuture<RecordPosition>> pushes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pushes.add(i % 2 == 0 ? kafka.kpush(orders, "m" + i) : kafka.kpush(orders.getBytes(UTF_8),
                    ("m" + i).getBytes(UTF_8)));
        }
        long first = get(pushes.get(0)).offset();
        for (int i = 0; i < 10; i++) {
            assertEquals(new RecordPosition(0, first + i), get(pushes.get(i)));
        }
        List<KafkaRecord> read = get(kafka.kpop(orders, 0, first, 10));
        assertEquals(10, read.size());
        assertEquals(new KafkaRecord(0, first + 9, "m9".getBytes(UTF_8)), read.get(9));
        assertEquals(read, get(kafka.kpop(orders.getBytes(UTF_8), 0, first, 10)));
    }

    @Test
    void kpushWithAPartitionWritesToThatPartition() throws Exception {
        String two = proxy.topic("two");
        assertEquals(1, get(kafka.kpush(two, 1, "to one")).partition());
        assertEquals(0, get(kafka.kpush(two.getBytes(UTF_8), 0, "to zero".getBytes(UTF_8))).partition());
    }

    @Test
    void kpopWithoutOffsetTakesEachRecordOnceThenNothing() throws Exception {
        String drain = proxy.topic("drain");
        get(kafka.kpush(drain, "only"));
        assertEquals("only", Eventually.present(() -> kafka.kpop(drain).join(), "a record").valueAsString());
        assertEquals(Optional.empty(), get(kafka.kpop(drain)));
        byte[] drainBytes = proxy.topic("drain-bytes").getBytes(UTF_8);
        get(kafka.kpush(drainBytes, "only".getBytes(UTF_8)));
        assertEquals("only", Eventually.present(() -> kafka.kpop(drainBytes).join(), "a record").valueAsString());
        assertEquals(Optional.empty(), get(kafka.kpop(drainBytes)));
    }

    @Test
    void kpopWithACountTakesUpToCountRecordsOfTheGroupThenNothing() throws Exception {
        String batch = proxy.topic("batch");
        for (int i = 0; i < 3; i++) {
            kafka.kpush(batch, "m" + i).join();
        }
        List<String> got = new ArrayList<>();
        Eventually.until(() -> {
            List<KafkaRecord> records = kafka.kpop(batch, 2).join();
            assertTrue(records.size() <= 2, records.size() + " records");
            records.forEach(r -> got.add(r.valueAsString()));
            return got.size() >= 3;
        }, "three records from KPOP COUNT");
        assertEquals(List.of("m0", "m1", "m2"), got);
        assertEquals(List.of(), get(kafka.kpop(batch, 2)));
        assertEquals(List.of(), get(kafka.kpop(batch.getBytes(UTF_8), 10)));
    }

    @Test
    void kpartitionsListsThePartitionIds() throws Exception {
        String two = proxy.topic("two");
        assertEquals(List.of(0, 1), get(kafka.kpartitions(two)));
        assertEquals(List.of(0, 1), get(kafka.kpartitions(two.getBytes(UTF_8))));
    }

    @Test
    void koffsetFindsTheLogsStartAndItsEnd() throws Exception {
        String stamps = proxy.topic("stamps");
        RecordPosition at = get(kafka.kpush(stamps, "stamped"));
        assertEquals(0, get(kafka.koffset(stamps, 0, KafkaOffset.EARLIEST)).offset());
        assertEquals(at.offset() + 1, get(kafka.koffset(stamps.getBytes(UTF_8), 0, KafkaOffset.LATEST)).offset());
    }

    @Test
    void anErrorReplyFailsTheFutureWithTheTypedException() {
        String ghost = proxy.topic("ghost");
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(kafka.kpartitions(ghost)));
        KafkaCommandExecutionException cause = assertInstanceOf(KafkaCommandExecutionException.class, e.getCause());
        assertEquals("ERR unknown topic '" + ghost + "'", cause.getMessage());
        assertEquals(KafkaErrorKind.UNKNOWN_TOPIC, cause.kind());
    }

    private static <T> T get(CompletableFuture<T> reply) throws Exception {
        return reply.get(10, TimeUnit.SECONDS);
    }
}
