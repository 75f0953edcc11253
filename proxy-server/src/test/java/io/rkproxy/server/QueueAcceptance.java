package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.backend.KafkaTenantFigures;
import io.rkproxy.core.backend.PartitionLag;
import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.testkit.RespSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * The queue commands' contract, K* and rafka, run against each queue backend by a subclass: a Kafka pool, and Redis
 * Streams on a standalone and on a cluster pool. The same commands give the same replies and the same errors, byte
 * for byte; where a backend must differ (a topic no one created) the subclass says what it answers.
 */
abstract class QueueAcceptance {

    /** Every topic has two partitions: the Kafka topics are created so, the Streams queues configured so. */
    static final int PARTITIONS = 2;

    /**
     * The tenants of every backend: {@code shop} with grants, the read-only {@code ro}, and {@code other}, which has
     * no queue and shares the pool. {@code ${name}} is a topic name, made unique per class on Kafka.
     */
    static String[] tenants(String pool, String queue, boolean standalone) {
        String grants = "topics: {${orders}: [produce, consume], ${audit}: [produce], ${drain}: [produce, consume], "
                + "${times}: [produce, consume], ${ghost}: [produce, consume], ${reclaim}: [produce, consume], "
                + "${rafka}: [produce, consume], ${handover}: [produce, consume], ${tally}: [produce, consume], "
                + "${tail}: [produce, consume], ${lagging}: [produce, consume], ${batch}: [produce, consume]}";
        return new String[] {
            "shop: {password: shop-secret, pool: " + pool + (standalone ? ", db: 3" : "") + ", " + queue
                    + ", rafka: true, " + grants + "}",
            "ro: {password: ro-secret, pool: " + pool + (standalone ? ", db: 5" : "") + ", read-only: true, "
                    + queue + ", topics: {${orders}: [produce]}}",
            "other: {password: other-secret, pool: " + pool + (standalone ? ", db: 4" : "") + "}"};
    }

    /** {@link #tenants} with plain topic names, as a Streams queue's test class uses them. */
    static String[] plainTopics(String[] tenants) {
        return java.util.Arrays.stream(tenants).map(t -> t.replaceAll("\\$\\{([a-z]+)}", "$1"))
                .toArray(String[]::new);
    }

    abstract RespSocket login(String password);

    /** The class's name for topic {@code name}. */
    abstract String topic(String name);

    /** Fails unless the backend itself holds {@code value} at {@code offset} of the topic's {@code partition}. */
    abstract void assertStoredOnBackend(String topic, int partition, long offset, String value);

    /** What KPARTITION answers for a granted topic that nothing has created. */
    abstract String partitionsOfATopicNoOneCreated(String topic);

    /** The proxy node the class's clients talk to. */
    abstract ProxyRuntime runtime();

    @Test
    void kpushRepliesPartitionAndOffsetAndTheBackendHoldsTheRecordThere() {
        String orders = topic("orders");
        try (RespSocket c = login("shop-secret")) {
            String[] first = c.call("KPUSH", orders, "1", "hello").split("\n");
            String[] second = c.call("KPUSH", orders, "1", "world").split("\n");
            assertEquals("1", first[0]);
            assertEquals("1", second[0]);
            long offset = Long.parseLong(first[1]);
            assertTrue(Long.parseLong(second[1]) > offset, "offsets grow: " + first[1] + ", " + second[1]);
            assertStoredOnBackend(orders, 1, offset, "hello");
            assertEquals("1\n" + offset + "\nhello\n1\n" + second[1] + "\nworld",
                    c.call("KPOP", orders, "1", first[1], "2"));
            assertEquals("1\n" + second[1] + "\nworld", c.call("KPOP", orders, "1", Long.toString(offset + 1)),
                    "one past an offset reads on from the next record");
        }
    }

    @Test
    void kpopHandsEveryRecordOutOnceOverAllPartitionsThenNil() throws InterruptedException {
        String drain = topic("drain");
        List<String> pushed = new ArrayList<>();
        try (RespSocket c = login("shop-secret")) {
            for (int i = 0; i < 10; i++) {
                pushed.add("m" + i);
                c.call("KPUSH", drain, "m" + i);
            }
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (got.size() < pushed.size() && System.nanoTime() < deadline) {
                String reply = c.call("KPOP", drain);
                if (reply.equals("(nil)")) {
                    Thread.sleep(50); // a Kafka pool's node first joins the group
                } else {
                    got.add(reply.split("\n")[2]);
                }
            }
            assertEquals(new TreeSet<>(pushed), new TreeSet<>(got));
            assertEquals(pushed.size(), got.size(), "no record twice: " + got);
            assertEquals("(nil)", c.call("KPOP", drain));
        }
    }

    @Test
    void kpopCountHandsOutUpToCountRecordsAsFlatTriplesEachOnceInOffsetOrderThenNil() throws InterruptedException {
        String batch = topic("batch");
        Map<String, String> pushedAt = new LinkedHashMap<>();
        try (RespSocket c = login("shop-secret")) {
            for (int i = 0; i < 12; i++) {
                pushedAt.put("b" + i, c.call("KPUSH", batch, Integer.toString(i % PARTITIONS), "b" + i));
            }
            Map<String, String> got = new LinkedHashMap<>();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (got.size() < pushedAt.size() && System.nanoTime() < deadline) {
                String reply = c.call("KPOP", batch, "COUNT", "5");
                if (reply.equals("(nil)")) {
                    Thread.sleep(50); // a Kafka pool's node first joins the group
                    continue;
                }
                String[] lines = reply.split("\n");
                assertTrue(lines.length % 3 == 0 && lines.length >= 3 && lines.length <= 15, reply);
                for (int i = 0; i < lines.length; i += 3) {
                    assertEquals(null, got.put(lines[i + 2], lines[i] + "\n" + lines[i + 1]), "twice: " + reply);
                }
            }
            assertEquals(pushedAt, got, "each record once, at the partition and offset KPUSH replied");
            for (int p = 0; p < PARTITIONS; p++) {
                String partition = Integer.toString(p);
                List<Long> offsets = got.values().stream().filter(at -> at.startsWith(partition + "\n"))
                        .map(at -> Long.parseLong(at.substring(at.indexOf('\n') + 1))).toList();
                assertEquals(offsets.stream().sorted().toList(), offsets, "partition " + p + " in offset order");
            }
            assertEquals("(nil)", c.call("KPOP", batch, "count", "10000"));
        }
    }

    @Test
    void koffsetFindsTheEndsAndTheFirstRecordAtOrAfterATime() {
        String times = topic("times");
        try (RespSocket c = login("shop-secret")) {
            long before = System.currentTimeMillis();
            long first = Long.parseLong(c.call("KPUSH", times, "0", "early").split("\n")[1]);
            long last = Long.parseLong(c.call("KPUSH", times, "0", "late").split("\n")[1]);
            long after = System.currentTimeMillis();
            assertEquals(first + "\n-1", c.call("KOFFSET", times, "0", "-2"));
            assertEquals((last + 1) + "\n-1", c.call("KOFFSET", times, "0", "-1"));
            String[] at = c.call("KOFFSET", times, "0", Long.toString(before - 1000)).split("\n");
            assertEquals(Long.toString(first), at[0]);
            long stamp = Long.parseLong(at[1]);
            assertTrue(stamp >= before - 1000 && stamp <= after + 1000, stamp + " between " + before + " and " + after);
            assertEquals("-1\n-1", c.call("KOFFSET", times, "0", Long.toString(after + 3_600_000)));
        }
    }

    @Test
    void refusalsAndArgumentErrorsAreTheSameTextOnEveryBackend() {
        String orders = topic("orders");
        String audit = topic("audit");
        Map<List<String>, String> expected = new LinkedHashMap<>();
        expected.put(List.of("KPUSH", "nope", "v"), "-NOPERM tenant 'shop' may not produce topic 'nope'");
        expected.put(List.of("KPUSH", orders), "-ERR wrong number of arguments for 'kpush' command");
        expected.put(List.of("KPUSH", orders, "x", "v"), "-ERR partition is not an integer or out of range");
        expected.put(List.of("KPUSH", orders, "2", "v"), "-ERR topic '" + orders + "' has no partition 2 (it has 2)");
        expected.put(List.of("KPOP", audit), "-NOPERM tenant 'shop' may not consume topic '" + audit + "'");
        expected.put(List.of("KPOP", orders, "1"), "-ERR wrong number of arguments for 'kpop' command");
        expected.put(List.of("KPOP", orders, "0", "-1"), "-ERR offset is not an integer or out of range");
        expected.put(List.of("KPOP", orders, "0", "0", "0"), "-ERR count must be between 1 and 10000");
        expected.put(List.of("KPOP", orders, "COUNT", "0"), "-ERR count must be between 1 and 10000");
        expected.put(List.of("KPOP", orders, "count", "10001"), "-ERR count must be between 1 and 10000");
        expected.put(List.of("KPOP", orders, "COUNT", "x"), "-ERR count must be between 1 and 10000");
        expected.put(List.of("KPOP", orders, "COUNT"), "-ERR wrong number of arguments for 'kpop' command");
        expected.put(List.of("KPOP", audit, "COUNT", "5"), "-NOPERM tenant 'shop' may not consume topic '" + audit
                + "'");
        expected.put(List.of("KPOP", orders, "5", "0"), "-ERR topic '" + orders + "' has no partition 5 (it has 2)");
        expected.put(List.of("KOFFSET", orders, "0"), "-ERR wrong number of arguments for 'koffset' command");
        expected.put(List.of("KOFFSET", orders, "0", "-3"),
                "-ERR time must be -1 (latest), -2 (earliest) or a timestamp in milliseconds");
        expected.put(List.of("KOFFSET", orders, "x", "-1"), "-ERR partition is not an integer or out of range");
        expected.put(List.of("KOFFSET", "nope", "0", "-1"), "-NOPERM tenant 'shop' may not use topic 'nope'");
        expected.put(List.of("KPARTITION", orders, "x"), "-ERR syntax error");
        expected.put(List.of("KPARTITIONS"), "-ERR wrong number of arguments for 'kpartitions' command");
        expected.put(List.of("KPARTITION", orders), ":0\n:1");
        Map<List<String>, String> got = new LinkedHashMap<>();
        try (RespSocket c = login("shop-secret")) {
            expected.keySet().forEach(command -> got.put(command, c.call(command.toArray(String[]::new))));
            assertEquals("+OK", c.call("MULTI"));
            got.put(List.of("MULTI", "KPUSH"), c.call("KPUSH", orders, "v"));
            expected.put(List.of("MULTI", "KPUSH"), "-ERR 'kpush' is not allowed inside a transaction by rkproxy");
            c.call("DISCARD");
        }
        try (RespSocket c = login("ro-secret")) {
            got.put(List.of("ro", "KPUSH"), c.call("KPUSH", orders, "v"));
            expected.put(List.of("ro", "KPUSH"), "-NOPERM tenant 'ro' is read-only");
        }
        assertEquals(expected, got);
    }

    @Test
    void aGrantedTopicNoOneCreatedIsWhereTheBackendsDiffer() {
        String ghost = topic("ghost");
        try (RespSocket c = login("shop-secret")) {
            assertEquals(partitionsOfATopicNoOneCreated(ghost), c.call("KPARTITION", ghost));
        }
    }

    @Test
    void rafkaProducesByKeyConsumesAcksAndWaitsForSendsAsOnKafka() {
        String rafka = topic("rafka");
        try (RespSocket producer = login("shop-secret"); RespSocket consumer = login("shop-secret")) {
            assertEquals(":1", producer.call("RPUSHX", "topics:" + rafka + ":customer-7", "hello"));
            assertEquals(":0", producer.call("DUMP", "2000"));
            assertEquals("+OK", consumer.call("CLIENT", "SETNAME", "workers:w1"));
            String[] got = consumer.call("BLPOP", "topics:" + rafka, "15").split("\n");
            int partition = Utils.toPositive(Utils.murmur2("customer-7".getBytes(StandardCharsets.UTF_8)))
                    % PARTITIONS;
            assertEquals(List.of("topic", rafka, "partition", ":" + partition, "offset"), List.of(got).subList(0, 5));
            assertEquals(List.of("value", "hello"), List.of(got).subList(6, 8));
            assertEquals(":1", consumer.call("RPUSH", "acks", rafka + ":" + partition + ":" + got[5].substring(1)));
            assertEquals("(nil)", consumer.call("BLPOP", "topics:" + rafka, "0.3"), "nothing more to read");
        }
    }

    @Test
    void rafkaErrorsAreTheKafkaPoolsTextsOnEveryBackend() {
        String rafka = topic("rafka");
        Map<List<String>, String> expected = new LinkedHashMap<>();
        expected.put(List.of("BLPOP", "topics:" + rafka, "1"),
                "-CONS Connection not ready. Identify yourself using `CLIENT SETNAME` first");
        expected.put(List.of("RPUSH", "acks", "garbage"), "-CONS Cannot parse ack: 'garbage'");
        expected.put(List.of("RPUSH", "acks", rafka + ":0:5"), "-CONS No consumer registered for Client ");
        expected.put(List.of("RPUSHX", "topics:", "v"),
                "-PROD First argument must be in the form of 'topics:<topic>' or 'topics:<topic>:<key>'");
        expected.put(List.of("RPUSHX", "topics:" + rafka), "-PROD RPUSHX accepts 2 arguments, got 1");
        expected.put(List.of("RPUSHX", "topics:nope", "v"), "-NOPERM tenant 'shop' may not produce topic 'nope'");
        expected.put(List.of("DUMP", "x"),
                "-PROD DUMP timeout must be a non-negative integer of milliseconds, got 'x'");
        expected.put(List.of("CLIENT", "SETNAME", "workers:w2"), "+OK");
        expected.put(List.of("CLIENT", "SETNAME", "workers:w3"), "-CONS Client ID is already set to workers:w2");
        expected.put(List.of("BLPOP", "topics:nope", "1"), "-NOPERM tenant 'shop' may not consume topic 'nope'");
        expected.put(List.of("BLPOP", "topics:" + rafka, "-1"), "-ERR timeout is negative");
        expected.put(List.of("BLPOP", "topics:" + rafka, "x"), "-ERR timeout is not a float or out of range");
        expected.put(List.of("BLPOP", "topics:" + rafka, "x", "y"),
                "-ERR wrong number of arguments for 'blpop' command");
        Map<List<String>, String> got = new LinkedHashMap<>();
        try (RespSocket c = login("shop-secret")) {
            expected.keySet().forEach(command -> got.put(command, c.call(command.toArray(String[]::new))));
        }
        assertEquals(expected, got);
    }

    @Test
    void hgetallStatsGivesTheTenantsCountersInRafkasOrderAndDelStatsRestartsThem() {
        String tally = topic("tally");
        try (RespSocket producer = login("shop-secret"); RespSocket consumer = login("shop-secret")) {
            assertEquals(":1", producer.call("DEL", "stats"));
            assertEquals(stats(0, 0, 0), producer.call("HGETALL", "stats"));
            assertEquals(":1", producer.call("RPUSHX", "topics:" + tally, "a"));
            assertEquals(":1", producer.call("RPUSHX", "topics:" + tally + ":k", "b"));
            assertEquals(":0", producer.call("DUMP", "5000"));
            assertEquals("+OK", consumer.call("CLIENT", "SETNAME", "tally:one"));
            String[] got = RafkaCommandsTest.blpop(consumer, "topics:" + tally).split("\n");
            assertEquals(":1", consumer.call("RPUSH", "acks", tally + ":" + got[3].substring(1) + ":"
                    + got[5].substring(1)));
            assertEquals(stats(2, 1, 1), consumer.call("HGETALL", "stats"), "the tenant's, from any connection");
            assertEquals(":1", consumer.call("DEL", "stats"));
            assertEquals(stats(0, 0, 0), producer.call("HGETALL", "stats"));
        }
    }

    /** {@code HGETALL stats} as a RESP2 client reads it, with nothing unflushed and no delivery error. */
    private static String stats(long produced, long consumed, long acked) {
        return "producer.unflushed.messages\n:0\nproducer.delivery.errors\n:0\nproducer.unknown.events\n:0\n"
                + "producer.messages\n:" + produced + "\nconsumer.messages\n:" + consumed
                + "\nconsumer.acks\n:" + acked;
    }

    @Test
    void aRafkaIdIsTakenWhileALiveConnectionOfTheTenantHoldsItAndFreeOnceItCloses() throws InterruptedException {
        try (RespSocket a = login("shop-secret"); RespSocket b = login("shop-secret")) {
            assertEquals("+OK", a.call("CLIENT", "SETNAME", "ids:one"));
            assertEquals("-CONS id ids:one is already taken", b.call("CLIENT", "SETNAME", "ids:one"));
            assertEquals("+OK", b.call("CLIENT", "SETNAME", "ids:two"), "a refused id leaves the connection unnamed");
        }
        try (RespSocket again = login("shop-secret")) {
            RafkaCommandsTest.setName(again, "ids:one");
        }
    }

    @Test
    void blpopTakesKafkasJsonConsumerSettingsAndRefusesOthersWithItsTexts() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("{\"foo\":\"bar\"}", "'foo' is not a consumer setting rkproxy accepts (accepted: "
                + "auto.commit.interval.ms, auto.offset.reset, fetch.max.bytes, fetch.max.wait.ms, "
                + "fetch.message.max.bytes, fetch.min.bytes, fetch.wait.max.ms, heartbeat.interval.ms, "
                + "max.partition.fetch.bytes, max.poll.interval.ms, session.timeout.ms)");
        expected.put("{\"auto.offset.reset\":\"middle\"}", "'middle' is not a value of auto.offset.reset (use one of "
                + "[beginning, earliest, end, largest, latest, smallest])");
        expected.put("{\"fetch.min.bytes\":0}", "fetch.min.bytes must be a positive integer, got '0'");
        expected.put("[1]", "not a JSON object");
        String rafka = topic("rafka");
        Map<String, String> got = new LinkedHashMap<>();
        try (RespSocket c = login("shop-secret")) {
            assertEquals("+OK", c.call("CLIENT", "SETNAME", "json:one"));
            expected.replaceAll((json, why) -> "-CONS Error parsing configuration from '" + json + "'; " + why);
            expected.keySet().forEach(json -> got.put(json, c.call("BLPOP", "topics:" + rafka + ":" + json, "0.1")));
        }
        assertEquals(expected, got);
    }

    @Test
    void aNewGroupWithAutoOffsetResetLatestSkipsWhatWasThereAndReadsWhatComesAfter() {
        String tail = topic("tail");
        String key = "topics:" + tail + ":{\"auto.offset.reset\":\"latest\",\"fetch.min.bytes\":1,"
                + "\"auto.commit.interval.ms\":100}";
        try (RespSocket producer = login("shop-secret"); RespSocket consumer = login("shop-secret")) {
            assertEquals(":1", producer.call("RPUSHX", "topics:" + tail, "old"));
            assertEquals(":0", producer.call("DUMP", "5000"));
            assertEquals("+OK", consumer.call("CLIENT", "SETNAME", "tail:late"));
            String reply = "(nil)";
            long deadline = System.nanoTime() + 30_000_000_000L;
            // a Kafka consumer takes the end once it has its partitions: whatever comes before that is skipped too
            for (int i = 0; reply.equals("(nil)") && System.nanoTime() < deadline; i++) {
                producer.call("RPUSHX", "topics:" + tail, "new" + i);
                reply = consumer.call("BLPOP", key, "1");
            }
            assertTrue(reply.split("\n")[7].startsWith("new"), reply);
        }
    }

    @Test
    void theNodesQueueFiguresCountTheTenantsRecordsAndMeasureWhatKpopLeftInAPartition() throws InterruptedException {
        String lagging = topic("lagging");
        KafkaTenantFigures before = shopFigures();
        try (RespSocket c = login("shop-secret")) {
            for (int i = 0; i < 3; i++) {
                assertTrue(c.call("KPUSH", lagging, "0", "r" + i).startsWith("0\n"));
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (c.call("KPOP", lagging).equals("(nil)") && System.nanoTime() < deadline) {
                Thread.sleep(50); // a Kafka pool's node first joins the group
            }
        }
        KafkaTenantFigures after = shopFigures();
        assertEquals(List.of(3L, 1L, 0L, 0L), List.of(after.produced() - before.produced(),
                after.consumed() - before.consumed(), after.acked() - before.acked(),
                after.deliveryErrors() - before.deliveryErrors()));
        Eventually.until(() -> lagOf(lagging, 0) == 2, "KPOP's group has two records left in partition 0: "
                + shopFigures().partitions());
        assertTrue(shopFigures().lag() >= 2, "the tenant's lag counts them");
    }

    /** The tenant {@code shop}'s figures on its queue's pool, zeros before it has any. */
    private KafkaTenantFigures shopFigures() {
        return runtime().queueFigures().values().stream().map(byTenant -> byTenant.get("shop"))
                .filter(java.util.Objects::nonNull).findFirst()
                .orElse(new KafkaTenantFigures(0, 0, 0, 0, -1, List.of()));
    }

    private long lagOf(String topic, int partition) {
        return shopFigures().partitions().stream().filter(p -> p.topic().equals(topic) && p.partition() == partition)
                .mapToLong(PartitionLag::lag).findFirst().orElse(-1);
    }
}
