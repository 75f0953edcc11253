package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KpushKpopTest {

    @RegisterExtension
    static final KafkaProxyExtension kafka = new KafkaProxyExtension(
            "shop: {password: shop-secret, pool: cache, kafka: events, topics: {${orders}: [produce, consume], "
                    + "${audit}: [produce], ${two}: [produce, consume], ${drain}: [produce, consume]}}",
            "ro: {password: ro-secret, pool: cache, kafka: events, read-only: true, topics: {${orders}: [produce]}}");

    static String orders;
    static String audit;
    static String two;

    @BeforeAll
    static void topics() {
        orders = kafka.createTopic("orders", 1);
        audit = kafka.createTopic("audit", 1);
        two = kafka.createTopic("two", 2);
    }

    @Test
    void kpushRepliesPartitionAndOffsetAfterTheBrokerAcknowledged() {
        try (RespSocket c = kafka.login("shop-secret")) {
            String first = c.call("KPUSH", orders, "hello");
            String second = c.call("KPUSH", orders, "world");
            String[] a = first.split("\n");
            String[] b = second.split("\n");
            assertEquals("0", a[0]);
            assertEquals(Long.parseLong(a[1]) + 1, Long.parseLong(b[1]));
        }
    }

    @Test
    void kpushToAPartitionWritesThere() {
        try (RespSocket c = kafka.login("shop-secret")) {
            assertTrue(c.call("KPUSH", two, "1", "p1").startsWith("1\n"));
            assertEquals("-ERR topic '" + two + "' has no partition 2 (it has 2)", c.call("KPUSH", two, "2", "x"));
            assertEquals("-ERR partition is not an integer or out of range", c.call("KPUSH", two, "x", "y"));
        }
    }

    @Test
    void kpushRefusesWithoutAGrant() {
        try (RespSocket c = kafka.login("shop-secret")) {
            assertEquals("-NOPERM tenant 'shop' may not produce topic 'nope'", c.call("KPUSH", "nope", "v"));
            assertEquals("-ERR wrong number of arguments for 'kpush' command", c.call("KPUSH", orders));
        }
        try (RespSocket c = kafka.login("ro-secret")) {
            assertEquals("-NOPERM tenant 'ro' is read-only", c.call("KPUSH", orders, "v"));
        }
    }

    @Test
    void kpopByOffsetReturnsTriplesAndStoresNothing() {
        try (RespSocket c = kafka.login("shop-secret")) {
            String[] pushed = c.call("KPUSH", two, "0", "a").split("\n");
            c.call("KPUSH", two, "0", "b");
            String got = c.call("KPOP", two, "0", pushed[1], "2");
            long offset = Long.parseLong(pushed[1]);
            assertEquals("0\n" + offset + "\na\n0\n" + (offset + 1) + "\nb", got);
            assertEquals(got, c.call("KPOP", two, "0", pushed[1], "2"));
            assertEquals("-NOPERM tenant 'shop' may not consume topic '" + audit + "'",
                    c.call("KPOP", audit, "0", "0"));
        }
    }

    @Test
    void kpopWithProxyManagedOffsetsDeliversEachRecordOnce() throws Exception {
        String drain = kafka.createTopic("drain", 1);
        try (RespSocket c = kafka.login("shop-secret")) {
            for (int i = 0; i < 20; i++) {
                c.call("KPUSH", drain, "m" + i);
            }
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (got.size() < 20 && System.nanoTime() < deadline) {
                String r = c.call("KPOP", drain);
                if (r.equals("(nil)")) {
                    Thread.sleep(50);
                } else {
                    got.add(r.split("\n")[2]);
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add("m" + i);
            }
            assertEquals(expected, got);
            assertEquals("(nil)", c.call("KPOP", drain));
        }
    }
}
