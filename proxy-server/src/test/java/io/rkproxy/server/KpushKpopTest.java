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
                    + "${audit}: [produce], ${two}: [produce, consume], ${drain}: [produce, consume], ${ghost}: [produce, consume], "
                    + "${fifo}: [produce, consume]}}",
            "ro: {password: ro-secret, pool: cache, kafka: events, read-only: true, topics: {${orders}: [produce]}}");

    static String orders;
    static String audit;
    static String two;
    static String fifo;

    @BeforeAll
    static void topics() {
        orders = kafka.createTopic("orders", 1);
        audit = kafka.createTopic("audit", 1);
        two = kafka.createTopic("two", 2);
        fifo = kafka.createTopic("fifo", 1);
    }

    /** The topic is not described yet when the first KPUSHes arrive: they wait for Kafka, and the rest behind them. */
    @Test
    void pipelinedKpushesToATopicNotYetSeenAreProducedInRequestOrder() {
        try (RespSocket c = kafka.login("shop-secret")) {
            int n = 1000;
            for (int i = 0; i < n; i++) {
                c.send("KPUSH", fifo, "v" + i);
            }
            long previous = -1;
            for (int i = 0; i < n; i++) {
                String[] reply = c.read().split("\n");
                long offset = Long.parseLong(reply[1]);
                if (previous >= 0) {
                    assertEquals(previous + 1, offset, "reply " + i + " of the pipeline");
                }
                previous = offset;
            }
        }
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

    @Test
    void kpartitionListsPartitionsAndDetailShowsLeadersAndLogs() {
        try (RespSocket c = kafka.login("shop-secret")) {
            assertEquals(":0\n:1", c.call("KPARTITION", two));
            assertEquals(":0\n:1", c.call("KPARTITIONS", two));
            String detail = c.call("KPARTITION", two, "DETAIL");
            assertTrue(detail.matches("partition\n:0\nleader\n:1\nreplicas\n:1\nisr\n:1\nlog-start-offset\n:0\n"
                    + "log-end-offset\n:\\d+\npartition\n:1\n(?s).*"), detail);
            String ghost = kafka.topic("ghost");
            assertEquals("-ERR unknown topic '" + ghost + "'", c.call("KPARTITION", ghost));
            assertEquals("-ERR unknown topic '" + ghost + "'", c.call("KPUSH", ghost, "v"));
        }
    }

    @Test
    void koffsetFindsOffsetsByTimeAndTheLogEnds() {
        try (RespSocket c = kafka.login("shop-secret")) {
            long before = System.currentTimeMillis() - 1;
            String[] pushed = c.call("KPUSH", audit, "stamped").split("\n");
            String[] earliest = c.call("KOFFSET", audit, "0", "-2").split("\n");
            assertEquals("0", earliest[0]);
            String[] latest = c.call("KOFFSET", audit, "0", "-1").split("\n");
            assertEquals(Long.parseLong(pushed[1]) + 1, Long.parseLong(latest[0]));
            String[] byTime = c.call("KOFFSET", audit, "0", Long.toString(before)).split("\n");
            assertTrue(Long.parseLong(byTime[0]) <= Long.parseLong(pushed[1]));
            assertTrue(Long.parseLong(byTime[1]) >= before);
            assertEquals("-ERR time must be -1 (latest), -2 (earliest) or a timestamp in milliseconds",
                    c.call("KOFFSET", audit, "0", "-3"));
            assertEquals("-ERR topic '" + audit + "' has no partition 5 (it has 1)", c.call("KOFFSET", audit, "5", "-1"));
        }
    }

    @Test
    void kpopByOffsetOutsideTheLogIsAnError() {
        try (RespSocket c = kafka.login("shop-secret")) {
            c.call("KPUSH", orders, "x");
            String end = c.call("KOFFSET", orders, "0", "-1").split("\n")[0];
            assertEquals("", c.call("KPOP", orders, "0", end, "10"));
            long beyond = Long.parseLong(end) + 5;
            assertEquals("-ERR offset " + beyond + " is out of range for partition 0 of topic '" + orders
                    + "' (log start 0, end " + end + ")", c.call("KPOP", orders, "0", Long.toString(beyond)));
        }
    }
}
