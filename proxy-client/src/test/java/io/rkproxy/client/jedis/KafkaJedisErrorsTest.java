package io.rkproxy.client.jedis;

import static io.rkproxy.client.harness.KafkaProxyExtension.APP;
import static io.rkproxy.client.harness.KafkaProxyExtension.STRANDED;
import static io.rkproxy.client.harness.KafkaProxyExtension.VIEWER;
import static io.rkproxy.client.harness.KafkaProxyExtension.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.client.KafkaErrorKind;
import io.rkproxy.client.KafkaOffset;
import io.rkproxy.client.harness.KafkaProxyExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.exceptions.JedisDataException;

/** rkproxy's error replies to the K* commands become {@link KafkaCommandException}s with the server's text. */
class KafkaJedisErrorsTest {

    @RegisterExtension
    static final KafkaProxyExtension proxy = new KafkaProxyExtension(Map.of("orders", 1));

    static KafkaJedis jedis;
    static String orders;

    @BeforeAll
    static void connect() {
        jedis = new KafkaJedis(proxy.address(), as(APP));
        orders = proxy.topic("orders");
    }

    @AfterAll
    static void disconnect() {
        jedis.close();
    }

    @Test
    void aCommandWithoutTheTopicsGrantIsNoPermission() {
        String audit = proxy.topic("audit");
        assertError(KafkaErrorKind.NO_PERMISSION, "NOPERM tenant 'app' may not consume topic '" + audit + "'",
                () -> jedis.kpop(audit, 0, 0, 1));
        assertError(KafkaErrorKind.NO_PERMISSION, "NOPERM tenant 'app' may not produce topic 'elsewhere'",
                () -> jedis.kpush("elsewhere", "v"));
    }

    @Test
    void aReadOnlyTenantProducingIsNoPermission() {
        try (KafkaJedis viewer = new KafkaJedis(proxy.address(), as(VIEWER))) {
            assertError(KafkaErrorKind.NO_PERMISSION, "NOPERM tenant 'viewer' is read-only",
                    () -> viewer.kpush(orders, "v"));
        }
    }

    @Test
    void aTopicKafkaDoesNotHaveIsUnknownTopic() {
        String ghost = proxy.topic("ghost");
        assertError(KafkaErrorKind.UNKNOWN_TOPIC, "ERR unknown topic '" + ghost + "'", () -> jedis.kpush(ghost, "v"));
        assertError(KafkaErrorKind.UNKNOWN_TOPIC, "ERR unknown topic '" + ghost + "'", () -> jedis.kpartitions(ghost));
    }

    @Test
    void aPartitionTheTopicDoesNotHaveIsBadPartition() {
        String noPartition = "ERR topic '" + orders + "' has no partition 5 (it has 1)";
        assertError(KafkaErrorKind.BAD_PARTITION, noPartition, () -> jedis.kpush(orders, 5, "v"));
        assertError(KafkaErrorKind.BAD_PARTITION, noPartition, () -> jedis.kpop(orders, 5, 0, 1));
        assertError(KafkaErrorKind.BAD_PARTITION, noPartition, () -> jedis.koffset(orders, 5, KafkaOffset.LATEST));
        assertError(KafkaErrorKind.BAD_PARTITION, "ERR partition is not an integer or out of range",
                () -> jedis.kpush(orders, -1, "v"));
    }

    @Test
    void anOffsetOutsideTheLogIsBadOffset() {
        jedis.kpush(orders, "x");
        long end = jedis.koffset(orders, 0, KafkaOffset.LATEST).offset();
        assertError(KafkaErrorKind.BAD_OFFSET, "ERR offset " + (end + 5) + " is out of range for partition 0 of topic '"
                + orders + "' (log start 0, end " + end + ")", () -> jedis.kpop(orders, 0, end + 5, 1));
        assertError(KafkaErrorKind.BAD_OFFSET, "ERR offset is not an integer or out of range",
                () -> jedis.kpop(orders, 0, -1, 1));
    }

    @Test
    void aKafkaPoolWhoseBrokersDoNotAnswerIsUnavailable() {
        try (KafkaJedis stranded = new KafkaJedis(proxy.address(), as(STRANDED))) {
            KafkaCommandException e = assertThrows(KafkaCommandException.class, () -> stranded.kpartitions(orders));
            assertEquals(KafkaErrorKind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().startsWith("ERR kafka pool 'dead' is unavailable: "), e.getMessage());
        }
    }

    @Test
    void anyOtherErrorIsOtherAndTheConnectionStaysUsable() {
        assertError(KafkaErrorKind.OTHER, "ERR count must be between 1 and 10000", () -> jedis.kpop(orders, 0, 0, 0));
        assertEquals(List.of(0), jedis.kpartitions(orders));
    }

    private static void assertError(KafkaErrorKind kind, String message, Executable command) {
        KafkaCommandException e = assertThrows(KafkaCommandException.class, command);
        assertEquals(message, e.getMessage());
        assertEquals(kind, e.kind());
        assertInstanceOf(JedisDataException.class, e.getCause());
    }
}
