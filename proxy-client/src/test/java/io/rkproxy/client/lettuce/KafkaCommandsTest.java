package io.rkproxy.client.lettuce;

import static io.rkproxy.client.harness.KafkaProxyExtension.APP;
import static io.rkproxy.client.harness.KafkaProxyExtension.VIEWER;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every K* method of {@link KafkaCommands}, String and byte[], on a Lettuce connection to a real rkproxy. */
class KafkaCommandsTest {

    @RegisterExtension
    static final KafkaProxyExtension proxy = new KafkaProxyExtension(Map.of(
            "orders", 1, "two", 2, "drain", 1, "drain-bytes", 1, "stamps", 1, "batch", 1));

    static RedisClient client;
    static StatefulRedisConnection<String, String> connection;
    static KafkaCommands kafka;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(proxy.uri(APP));
        connection = client.connect();
        kafka = new KafkaCommands(connection);
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void kpushRepliesWhereTheRecordWasStored() {
        String orders = proxy.topic("orders");
        RecordPosition first = kafka.kpush(orders, "hello");
        RecordPosition second = kafka.kpush(orders.getBytes(UTF_8), "world".getBytes(UTF_8));
        assertEquals(new RecordPosition(0, first.offset() + 1), second);
        assertEquals(List.of(new KafkaRecord(0, first.offset(), "hello".getBytes(UTF_8)),
                        new KafkaRecord(0, second.offset(), "world".getBytes(UTF_8))),
                kafka.kpop(orders, 0, first.offset(), 2));
    }

    @Test
    void kpushWithAPartitionWritesToThatPartition() {
        String two = proxy.topic("two");
        assertEquals(1, kafka.kpush(two, 1, "to one").partition());
        RecordPosition zero = kafka.kpush(two.getBytes(UTF_8), 0, "to zero".getBytes(UTF_8));
        assertEquals(0, zero.partition());
        assertEquals("to zero", kafka.kpop(two.getBytes(UTF_8), 0, zero.offset(), 1).get(0).valueAsString());
    }

    @Test
    void kpopWithoutOffsetTakesEachRecordOnceThenNothing() {
        String drain = proxy.topic("drain");
        kafka.kpush(drain, "only");
        assertEquals("only", Eventually.present(() -> kafka.kpop(drain), "a record from KPOP").valueAsString());
        assertEquals(Optional.empty(), kafka.kpop(drain));
        byte[] drainBytes = proxy.topic("drain-bytes").getBytes(UTF_8);
        kafka.kpush(drainBytes, "only".getBytes(UTF_8));
        assertEquals("only", Eventually.present(() -> kafka.kpop(drainBytes), "a record from KPOP").valueAsString());
        assertEquals(Optional.empty(), kafka.kpop(drainBytes));
    }

    @Test
    void kpopWithACountTakesUpToCountRecordsOfTheGroupThenNothing() {
        String batch = proxy.topic("batch");
        for (int i = 0; i < 3; i++) {
            kafka.kpush(batch, "m" + i);
        }
        List<String> got = new ArrayList<>();
        Eventually.until(() -> {
            List<KafkaRecord> records = kafka.kpop(batch, 2);
            assertTrue(records.size() <= 2, records.size() + " records");
            records.forEach(r -> got.add(r.valueAsString()));
            return got.size() >= 3;
        }, "three records from KPOP COUNT");
        assertEquals(List.of("m0", "m1", "m2"), got);
        assertEquals(List.of(), kafka.kpop(batch, 2));
        assertEquals(List.of(), kafka.kpop(batch.getBytes(UTF_8), 10));
    }

    @Test
    void kpartitionsListsThePartitionIds() {
        String two = proxy.topic("two");
        assertEquals(List.of(0, 1), kafka.kpartitions(two));
        assertEquals(List.of(0, 1), kafka.kpartitions(two.getBytes(UTF_8)));
    }

    @Test
    void koffsetFindsTheLogsStartItsEndAndTheFirstRecordAtATime() {
        String stamps = proxy.topic("stamps");
        long before = System.currentTimeMillis() - 1;
        RecordPosition at = kafka.kpush(stamps, "stamped");
        assertEquals(0, kafka.koffset(stamps, 0, KafkaOffset.EARLIEST).offset());
        assertEquals(at.offset() + 1, kafka.koffset(stamps.getBytes(UTF_8), 0, KafkaOffset.LATEST).offset());
        assertEquals(at.offset(), kafka.koffset(stamps, 0, before).offset());
    }

    @Test
    void errorRepliesAreTypedAndKeepTheServersText() {
        String ghost = proxy.topic("ghost");
        String orders = proxy.topic("orders");
        assertError(KafkaErrorKind.UNKNOWN_TOPIC, "ERR unknown topic '" + ghost + "'", () -> kafka.kpush(ghost, "v"));
        assertError(KafkaErrorKind.NO_PERMISSION, "NOPERM tenant 'app' may not consume topic '" + proxy.topic("audit")
                + "'", () -> kafka.kpop(proxy.topic("audit")));
        assertError(KafkaErrorKind.BAD_PARTITION, "ERR topic '" + orders + "' has no partition 3 (it has 1)",
                () -> kafka.koffset(orders, 3, KafkaOffset.LATEST));
        assertEquals(List.of(0), kafka.kpartitions(orders));
    }

    @Test
    void aReadOnlyTenantProducingIsNoPermission() {
        try (StatefulRedisConnection<String, String> viewer = client.connect(proxy.uri(VIEWER))) {
            assertError(KafkaErrorKind.NO_PERMISSION, "NOPERM tenant 'viewer' is read-only",
                    () -> new KafkaCommands(viewer).kpush(proxy.topic("orders"), "v"));
        }
    }

    @Test
    void worksOnAConnectionOfAnyCodecBesideItsOwnCommands() {
        try (StatefulRedisConnection<byte[], byte[]> bytes = client.connect(ByteArrayCodec.INSTANCE)) {
            KafkaCommands commands = new KafkaCommands(bytes);
            assertEquals(List.of(0, 1), commands.kpartitions(proxy.topic("two")));
            assertEquals("PONG", bytes.sync().ping());
            assertEquals(List.of(0, 1), commands.kpartitions(proxy.topic("two")));
        }
    }

    private static void assertError(KafkaErrorKind kind, String message, Executable command) {
        KafkaCommandExecutionException e = assertThrows(KafkaCommandExecutionException.class, command);
        assertEquals(message, e.getMessage());
        assertEquals(kind, e.kind());
    }
}
