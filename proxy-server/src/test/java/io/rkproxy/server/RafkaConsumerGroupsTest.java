package io.rkproxy.server;

import static io.rkproxy.server.RafkaCommandsTest.blpop;
import static io.rkproxy.server.RafkaCommandsTest.setName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rafka's consumer semantics: groups share partitions, acks decide where a group resumes. */
class RafkaConsumerGroupsTest {

    @RegisterExtension
    static final KafkaProxyExtension kafka = new KafkaProxyExtension(
            "rafka: {password: rafka-secret, kafka: events, topics: {${shared}: [produce, consume], "
                    + "${resume}: [produce, consume], ${manual}: [produce, consume], ${latest}: [produce, consume]}}");

    private static RespSocket consumer(String name) throws InterruptedException {
        RespSocket c = kafka.login("rafka-secret");
        setName(c, name);
        return c;
    }

    private static void produce(String topic, String... values) {
        try (RespSocket p = kafka.login("rafka-secret")) {
            for (String v : values) {
                assertEquals(":1", p.call("RPUSHX", "topics:" + topic + ":" + v, v));
            }
            // A topic just created may take a while to have every partition's leader: the records must be in
            // Kafka before the consumers start, however long that takes.
            long deadline = System.nanoTime() + 30_000_000_000L;
            String outstanding;
            while (!(outstanding = p.call("DUMP", "5000")).equals(":0") && System.nanoTime() < deadline) {
                assertTrue(outstanding.startsWith(":"), outstanding);
            }
            assertEquals(":0", outstanding);
        }
    }

    private static String[] values(String prefix, int from, int to) {
        String[] out = new String[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = prefix + i;
        }
        return out;
    }

    /** The value of a BLPOP reply, after acking it when asked to. */
    private static String take(RespSocket c, String topic, boolean ack) {
        String[] r = blpop(c, "topics:" + topic).split("\n");
        if (ack) {
            assertEquals(":1", c.call("RPUSH", "acks", r[1] + ":" + r[3].substring(1) + ":" + r[5].substring(1)));
        }
        return r[7];
    }

    @Test
    void twoConsumersOfOneGroupSharePartitions() throws Exception {
        String topic = kafka.createTopic("shared", 4);
        produce(topic, values("m", 0, 40));
        try (RespSocket a = consumer("sharing:a"); RespSocket b = consumer("sharing:b")) {
            Set<String> fromA = new HashSet<>();
            fromA.add(take(a, topic, true));
            Set<String> fromB = new HashSet<>();
            fromB.add(take(b, topic, true));
            Set<String> all = new HashSet<>(fromA);
            all.addAll(fromB);
            // records that never come would otherwise keep this loop asking, each BLPOP answered (nil), for ever
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (all.size() < 40) {
                if (System.nanoTime() > deadline) {
                    Set<String> missing = new TreeSet<>(Set.of(values("m", 0, 40)));
                    missing.removeAll(all);
                    throw new AssertionError("after 60 s, never consumed: " + missing + "; a had "
                            + new TreeSet<>(fromA) + ", b had " + new TreeSet<>(fromB));
                }
                String ra = a.call("BLPOP", "topics:" + topic, "0.2");
                String rb = b.call("BLPOP", "topics:" + topic, "0.2");
                if (!ra.equals("(nil)")) {
                    fromA.add(ra.split("\n")[7]);
                }
                if (!rb.equals("(nil)")) {
                    fromB.add(rb.split("\n")[7]);
                }
                all.addAll(fromA);
                all.addAll(fromB);
            }
            assertEquals(Set.of(values("m", 0, 40)), all);
            assertFalse(fromA.isEmpty() || fromB.isEmpty());
        }
    }

    @Test
    void aReconnectingConsumerResumesAfterTheAckedOffsets() throws Exception {
        String topic = kafka.createTopic("resume", 1);
        produce(topic, values("r", 0, 10));
        try (RespSocket first = consumer("resuming:one")) {
            for (int i = 0; i < 5; i++) {
                assertEquals("r" + i, take(first, topic, true));
            }
        }
        try (RespSocket second = consumer("resuming:one")) {
            assertEquals("r5", take(second, topic, true));
        }
    }

    @Test
    void withoutAcksARestartRereadsAndAfterAcksOnlyNewerMessagesArrive() throws Exception {
        String topic = kafka.createTopic("manual", 1);
        produce(topic, values("a", 0, 3));
        try (RespSocket c = consumer("manual:one")) {
            for (int i = 0; i < 3; i++) {
                assertEquals("a" + i, take(c, topic, false));
            }
        }
        try (RespSocket c = consumer("manual:one")) {
            for (int i = 0; i < 3; i++) {
                assertEquals("a" + i, take(c, topic, true));
            }
        }
        produce(topic, values("b", 0, 2));
        try (RespSocket c = consumer("manual:one")) {
            assertEquals("b0", take(c, topic, true));
            assertEquals("b1", take(c, topic, true));
        }
    }

    @Test
    void autoOffsetResetLargestSkipsOldMessages() throws Exception {
        String topic = kafka.createTopic("latest", 1);
        produce(topic, values("old", 0, 3));
        try (RespSocket c = consumer("fresh:one")) {
            String key = "topics:" + topic + ":{\"auto.offset.reset\": \"largest\"}";
            // the consumer joins its group meanwhile, and "largest" puts it at the end of the partition
            for (int i = 0; i < 3; i++) {
                assertEquals("(nil)", c.call("BLPOP", key, "1"));
            }
            produce(topic, "new0");
            assertTrue(blpop(c, key).endsWith("\nvalue\nnew0"));
        }
    }
}
