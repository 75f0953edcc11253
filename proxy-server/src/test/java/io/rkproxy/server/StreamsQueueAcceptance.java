package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.Test;

/**
 * {@link QueueAcceptance} on Redis Streams, plus what only a Streams queue has: its partitions are stream keys of
 * the tenant's keyspace, and entries a dead reader left pending come back after the visibility timeout.
 */
abstract class StreamsQueueAcceptance extends QueueAcceptance {

    static final long VISIBILITY_TIMEOUT_MS = 1500;
    static final String QUEUE = "queue: {partitions: " + PARTITIONS + ", maxlen: 1000, visibility-timeout-ms: "
            + VISIBILITY_TIMEOUT_MS + "}";

    /** A command straight to the backend, on the tenant {@code shop}'s stream {@code key} (as the tenant names it). */
    abstract String backendCallOnShopsKey(String key, String... args);

    @Override
    String topic(String name) {
        return name;
    }

    @Override
    void assertStoredOnBackend(String topic, int partition, long offset, String value) {
        String key = topic + ":" + partition;
        String id = io.rkproxy.core.streams.StreamOffset.id(offset);
        assertEquals(id + "\nv\n" + value, backendCallOnShopsKey(key, "XRANGE", key, id, id));
    }

    @Override
    String partitionsOfATopicNoOneCreated(String topic) {
        return ":0\n:1";
    }

    @Test
    void theQueuesStreamsAreTheTenantsKeysAndNoOtherTenantsOnThePool() {
        try (RespSocket shop = login("shop-secret"); RespSocket other = login("other-secret")) {
            String offset = shop.call("KPUSH", "orders", "0", "mine").split("\n")[1];
            String id = io.rkproxy.core.streams.StreamOffset.id(Long.parseLong(offset));
            assertEquals(id + "\nv\nmine", shop.call("XRANGE", "orders:0", id, id));
            assertEquals(":0", other.call("EXISTS", "orders:0"));
            assertEquals("", other.call("XRANGE", "orders:0", "-", "+"));
            assertFalse(other.call("KEYS", "*").contains("orders"));
            assertEquals("-ERR unknown command 'KPUSH', with args beginning with: 'orders' 'v' ",
                    other.call("KPUSH", "orders", "v"));
        }
    }

    @Test
    void anEntryADeadReaderLeftPendingIsReclaimedAfterTheVisibilityTimeout() throws InterruptedException {
        try (RespSocket shop = login("shop-secret")) {
            for (int p = 0; p < PARTITIONS; p++) {
                shop.call("XGROUP", "CREATE", "reclaim:" + p, "rkproxy.kpop", "0", "MKSTREAM");
            }
            shop.call("XADD", "reclaim:0", "*", "v", "lost");
            assertTrue(shop.call("XREADGROUP", "GROUP", "rkproxy.kpop", "dead", "COUNT", "1", "STREAMS", "reclaim:0",
                    ">").endsWith("lost"));
            long taken = System.currentTimeMillis();
            String early = shop.call("KPOP", "reclaim");
            if (System.currentTimeMillis() - taken < VISIBILITY_TIMEOUT_MS) {
                assertEquals("(nil)", early, "pending, and not for long enough");
            }
            Thread.sleep(VISIBILITY_TIMEOUT_MS);
            assertTrue(shop.call("KPOP", "reclaim").endsWith("\nlost"));
            assertTrue(shop.call("XPENDING", "reclaim:0", "rkproxy.kpop").startsWith(":0"), "acknowledged");
            assertEquals("(nil)", shop.call("KPOP", "reclaim"));
        }
    }

    @Test
    void anEntryAConsumerDidNotAckGoesToAnotherConsumerOfItsGroupAfterTheVisibilityTimeout()
            throws InterruptedException {
        try (RespSocket producer = login("shop-secret"); RespSocket first = login("shop-secret");
             RespSocket second = login("shop-secret")) {
            producer.call("RPUSHX", "topics:handover", "unacked");
            first.call("CLIENT", "SETNAME", "crew:first");
            second.call("CLIENT", "SETNAME", "crew:second");
            String[] delivered = first.call("BLPOP", "topics:handover", "5").split("\n");
            assertEquals("unacked", delivered[7]);
            long at = System.currentTimeMillis();
            String early = second.call("BLPOP", "topics:handover", "0.2");
            if (System.currentTimeMillis() - at < VISIBILITY_TIMEOUT_MS) {
                assertEquals("(nil)", early, "pending for the first consumer");
            }
            String[] again = second.call("BLPOP", "topics:handover", "5").split("\n");
            assertEquals(delivered[5] + "\nunacked", again[5] + "\n" + again[7], "the same entry, again");
            assertEquals(":1", second.call("RPUSH", "acks", "handover:" + again[3].substring(1) + ":"
                    + again[5].substring(1)));
            assertEquals("(nil)", first.call("BLPOP", "topics:handover", "0.2"));
        }
    }

    @Test
    void aBlpopOnMoreThan64DistinctTopicsIsRefusedAndRepeatsCountOnce() {
        try (RespSocket c = login("shop-secret")) {
            c.call("CLIENT", "SETNAME", "many:one");
            String tooMany = "topics:" + String.join(",", java.util.stream.IntStream.rangeClosed(0, 64)
                    .mapToObj(i -> "t" + i).toList());
            assertEquals("-CONS A consumer reads at most 64 topics, got 65", c.call("BLPOP", tooMany, "0.1"));
            assertEquals("(nil)", c.call("BLPOP", "topics:" + String.join(",", java.util.Collections.nCopies(
                    65, "ghost")), "0.1"));
        }
    }

    @Test
    void keysTopicsListsTheTopicsGrantedByName() {
        try (RespSocket c = login("shop-secret")) {
            assertEquals("topics:audit\ntopics:batch\ntopics:drain\ntopics:ghost\ntopics:handover\ntopics:lagging"
                    + "\ntopics:orders\ntopics:rafka\ntopics:reclaim\ntopics:tail\ntopics:tally\ntopics:times",
                    c.call("KEYS", "topics:"));
            assertEquals("-ERR Expected argument to be 'topics:', got topics:x", c.call("KEYS", "topics:x"));
        }
    }

    @Test
    void kpartitionDetailHasKafkasShapeWithNoLeaderAndTheStreamsOffsets() {
        try (RespSocket c = login("shop-secret")) {
            String detail = c.call("KPARTITION", "ghost", "DETAIL");
            assertTrue(detail.startsWith("partition\n:0\nleader\n:-1\nreplicas\n"), detail);
            assertTrue(detail.endsWith("partition\n:1\nleader\n:-1\nreplicas\n\nisr\n\nlog-start-offset\n:0\n"
                    + "log-end-offset\n:0"), detail);
        }
    }

    @Test
    void anXaddRedisRefusesIsADeliveryErrorInTheStats() {
        try (RespSocket shop = login("shop-secret")) {
            assertEquals("+OK", shop.call("SET", "audit:1", "not a stream"));
            assertEquals(":1", shop.call("DEL", "stats"));
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value",
                    shop.call("KPUSH", "audit", "1", "v"));
            assertEquals("producer.unflushed.messages\n:0\nproducer.delivery.errors\n:1\nproducer.unknown.events\n:0\n"
                    + "producer.messages\n:1\nconsumer.messages\n:0\nconsumer.acks\n:0", shop.call("HGETALL", "stats"));
            assertEquals(":1", shop.call("DEL", "audit:1"));
        }
    }
}
