package io.rkproxy.server;

import static io.rkproxy.server.RafkaCommandsTest.setName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.kafka.KafkaPool;
import io.rkproxy.testkit.RespSocket;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Kafka pool stays bounded and fair under many consumers, a topic the producer cannot find and a client that
 * writes faster than the broker takes its records: issue 18, item 2.
 */
class KafkaFairnessTest {

    private static final int CONSUMER_THREADS = 3;
    private static final int CONSUMERS = 50;
    private static final int SEND_BYTES = 16_384;
    private static final int MAX_BLOCK_MS = 3_000;
    /** A reply this late counts as hung in the scenarios' rows: well short of max.block.ms, far above a KPUSH's. */
    private static final long SLOW_MS = 1_000;

    private static String steady;

    @RegisterExtension
    static final KafkaProxyExtension kafka = new KafkaProxyExtension(false, """
            consumer-threads: %d
            connection-send-bytes: %d
            metadata-refresh-ms: 600000
            producer: {max.block.ms: %d, buffer.memory: 65536}""".formatted(CONSUMER_THREADS, SEND_BYTES, MAX_BLOCK_MS),
            "workers: {password: workers-secret, kafka: events, max-pinned-connections: " + CONSUMERS
                    + ", topics: {${feed}: [produce, consume]}}",
            "stuck: {password: stuck-secret, kafka: events, topics: {${ghost}: [produce, consume]}}",
            "bulk: {password: bulk-secret, kafka: events, topics: {${bulk}: [produce], ${crowd}: [produce]}}",
            "steady: {password: steady-secret, kafka: events, topics: {${steady}: [produce]}}");

    @BeforeAll
    static void topics() {
        steady = kafka.createTopic("steady", 1);
    }

    @Test
    void fiftyRafkaConsumersRunOnTheConfiguredThreadsEachGetsItsRecordsAndOneMoreIsRefused() throws Exception {
        String feed = kafka.createTopic("feed", 1);
        List<RespSocket> consumers = new ArrayList<>();
        try (RespSocket producer = kafka.login("workers-secret")) {
            assertEquals(":1", producer.call("RPUSHX", "topics:" + feed, "first"));
            for (int i = 0; i < CONSUMERS; i++) {
                RespSocket c = kafka.login("workers-secret");
                consumers.add(c);
                setName(c, "group" + i + ":c" + i);
                c.send("BLPOP", "topics:" + feed, "30");
            }
            for (RespSocket c : consumers) {
                assertTrue(c.read().endsWith("\nvalue\nfirst"), "each consumer, in a group of its own, gets the record");
            }
            long threads = threadsNamed("rkproxy-consumer-");
            assertTrue(threads >= 1 && threads <= CONSUMER_THREADS, threads + " consumer threads");

            consumers.forEach(c -> c.send("BLPOP", "topics:" + feed, "30"));
            long sent = System.nanoTime();
            assertEquals(":1", producer.call("RPUSHX", "topics:" + feed, "second"));
            for (RespSocket c : consumers) {
                assertTrue(c.read().endsWith("\nvalue\nsecond"));
            }
            long deliveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            long idleCpu = consumerThreadsCpuNanos();
            Thread.sleep(1_000);
            idleCpu = consumerThreadsCpuNanos() - idleCpu;
            System.out.printf("kafkafair consumers=%d consumer-threads=%d (max %d) kafka-heartbeat-threads=%d "
                            + "second-record-to-all-ms=%d idle-consumer-threads-cpu-ms-per-s=%d%n", CONSUMERS, threads,
                    CONSUMER_THREADS, threadsNamed("kafka-coordinator-heartbeat-thread"), deliveredMs,
                    TimeUnit.NANOSECONDS.toMillis(idleCpu));
            assertTrue(deliveredMs < 5_000, "a record reaches 50 waiting consumers in " + deliveredMs + " ms");

            try (RespSocket extra = kafka.login("workers-secret")) {
                setName(extra, "extra:c");
                assertEquals("-ERR max number of dedicated backend connections reached for this tenant (" + CONSUMERS
                        + "): a rafka consumer needs one", extra.call("BLPOP", "topics:" + feed, "1"));
                consumers.remove(0).close();
                Eventually.until(() -> !extra.call("BLPOP", "topics:" + feed, "0.1").startsWith("-ERR max number"),
                        "a closed consumer's connection frees its place");
            }
        } finally {
            consumers.forEach(RespSocket::close);
        }
    }

    @Test
    void aKpushWaitingForAVanishedTopicsMetadataHoldsUpNoOtherTopic() throws Exception {
        String ghost = kafka.createTopic("ghost", 1);
        try (RespSocket stuck = kafka.login("stuck-secret"); RespSocket other = kafka.login("steady-secret")) {
            // the proxy's topic cache learns the topic, which is then deleted before the producer ever sent to it
            assertEquals(":0", stuck.call("KPARTITION", ghost));
            deleteTopic(ghost);
            assertTrue(other.call("KPUSH", steady, "warm").startsWith("0\n"));

            long stuckAt = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                stuck.send("KPUSH", ghost, "lost" + i);
            }
            long slowestMs = 0;
            long ok = 0;
            long slow = 0;
            int ops = 20;
            for (int i = 0; i < ops; i++) {
                long at = System.nanoTime();
                String reply = other.call("KPUSH", steady, "v" + i);
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - at);
                slowestMs = Math.max(slowestMs, tookMs);
                slow += tookMs >= SLOW_MS ? 1 : 0;
                ok += reply.startsWith("0\n") ? 1 : 0;
            }
            long otherDoneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stuckAt);
            for (int i = 0; i < 3; i++) {
                String reply = stuck.read();
                assertTrue(reply.startsWith("-ERR kafka pool 'events' is unavailable: timed out: Topic " + ghost
                        + " not present in metadata after " + MAX_BLOCK_MS + " ms"), reply);
            }
            long stuckMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stuckAt);
            System.out.println(new FaultRow("kafka: another topic's metadata blocks 3s", ops, ok, ops - ok, 0, 0, 0,
                    0, slow, 0));
            System.out.printf("kafkafair other-topic-slowest-kpush-ms=%d other-done-ms=%d stuck-error-ms=%d%n",
                    slowestMs, otherDoneMs, stuckMs);
            assertEquals(ops, ok);
            assertTrue(otherDoneMs < MAX_BLOCK_MS / 2, "the other tenant's " + ops + " KPUSHes took " + otherDoneMs
                    + " ms while a send waited up to " + MAX_BLOCK_MS + " ms for a topic");
        }
    }

    @Test
    void aClientPipeliningFasterThanTheBrokerIsHeldToItsSendBytesAndLosesNothing() throws Exception {
        Flood flood = flood("bulk", 1, 300);
        System.out.println(flood.row("kafka: one client pipelines into a 64KiB buffer"));
        flood.assertNothingLostAndSteadyServed();
        assertTrue(flood.peak <= SEND_BYTES + 64, "outstanding bytes peaked at " + flood.peak);
        assertTrue(flood.peak >= SEND_BYTES / 2, "the client wrote faster than the broker took: " + flood.peak);
    }

    /** Four windows of 16 KiB in 4 KiB records need more 16 KiB batches than a 64 KiB buffer holds. */
    @Test
    void clientsFillingTheProducersBufferTogetherWaitForItAndLoseNothing() throws Exception {
        int writers = 4;
        Flood flood = flood("crowd", writers, 100);
        System.out.println(flood.row("kafka: four clients fill a 64KiB buffer"));
        flood.assertNothingLostAndSteadyServed();
        assertTrue(flood.peak <= writers * SEND_BYTES + 64, "outstanding bytes peaked at " + flood.peak);
    }

    /**
     * What {@link #flood} saw: the peak of the pool's outstanding send bytes, acknowledged records not in their
     * topic, and the other tenant's KPUSHes meanwhile.
     */
    private record Flood(int writers, long ops, long peak, long lost, long steadyOps, long steadySlow,
                         long steadySlowestMs) {

        FaultRow row(String scenario) {
            System.out.printf("kafkafair %s: writers=%d send-bytes-peak=%d bound-per-connection=%d "
                    + "steady-slowest-kpush-ms=%d%n", scenario, writers, peak, SEND_BYTES, steadySlowestMs);
            return new FaultRow(scenario, ops + steadyOps, ops + steadyOps, 0, 0, 0, 0, lost, steadySlow, 0);
        }

        void assertNothingLostAndSteadyServed() {
            assertEquals(0, lost, "every acknowledged KPUSH is in its topic");
            assertEquals(0, steadySlow, "the other tenant's slowest KPUSH took " + steadySlowestMs + " ms");
        }
    }

    /**
     * {@code writers} connections of tenant bulk each pipeline {@code records} KPUSHes of 4 KiB to the class's new
     * topic {@code name}, while tenant steady KPUSHes now and then to its own topic; every reply must be an offset.
     */
    private static Flood flood(String name, int writers, int records) throws Exception {
        String topic = kafka.createTopic(name, 1);
        KafkaPool pool = (KafkaPool) kafka.proxy().server().runtime().snapshot().kafkaPool("events");
        String value = "x".repeat(4_096);
        AtomicLong peak = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(pool.sendBytesOutstanding(), Math::max);
                LockSupport.parkNanos(100_000);
            }
        });
        Map<String, String> acked = new HashMap<>();
        Map<String, String> steadyAcked = new HashMap<>();
        long steadySlowestMs = 0;
        long steadySlow = 0;
        List<RespSocket> clients = new ArrayList<>();
        List<Thread> pipelines = new ArrayList<>();
        try (RespSocket other = kafka.login("steady-secret")) {
            for (int w = 0; w < writers; w++) {
                RespSocket writer = kafka.login("bulk-secret");
                clients.add(writer);
                String prefix = "w" + w + "-";
                pipelines.add(new Thread(() -> {
                    for (int i = 0; i < records; i++) {
                        writer.send("KPUSH", topic, prefix + i + "-" + value);
                    }
                }));
            }
            sampler.start();
            pipelines.forEach(Thread::start);
            for (int i = 0; i < records; i++) {
                for (int w = 0; w < writers; w++) {
                    acked.put(offsetOf(clients.get(w).read()), "w" + w + "-" + i + "-");
                }
                if (i % 30 == 0) {
                    long at = System.nanoTime();
                    steadyAcked.put(offsetOf(other.call("KPUSH", steady, "s" + i)), "s" + i);
                    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - at);
                    steadySlowestMs = Math.max(steadySlowestMs, tookMs);
                    steadySlow += tookMs >= SLOW_MS ? 1 : 0;
                }
            }
            for (Thread pipeline : pipelines) {
                pipeline.join();
            }
        } finally {
            done.set(true);
            sampler.join();
            clients.forEach(RespSocket::close);
        }
        long lost = notAt(topic, acked) + notAt(steady, steadyAcked);
        return new Flood(writers, (long) writers * records, peak.get(), lost, steadyAcked.size(), steadySlow,
                steadySlowestMs);
    }

    /** The "partition:offset" of a KPUSH reply, which must be one. */
    private static String offsetOf(String reply) {
        String[] parts = reply.split("\n");
        assertEquals(2, parts.length, reply);
        return parts[0] + ":" + parts[1];
    }

    /** How many of the acknowledged places do not hold a value starting as expected. */
    private static long notAt(String topic, Map<String, String> expected) {
        List<String> places = new ArrayList<>(expected.keySet());
        List<String> values = TopicContents.read(kafka.broker().bootstrap(), topic).valuesAt(places);
        long missing = 0;
        for (int i = 0; i < places.size(); i++) {
            String value = values.get(i);
            missing += value != null && value.startsWith(expected.get(places.get(i))) ? 0 : 1;
        }
        return missing;
    }

    private static long consumerThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("rkproxy-consumer-"))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getId()))).sum();
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    private static void deleteTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.broker().bootstrap()))) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            Eventually.until(() -> {
                try {
                    admin.describeTopics(List.of(topic)).allTopicNames().get();
                    return false;
                } catch (ExecutionException e) {
                    return e.getCause() instanceof UnknownTopicOrPartitionException;
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }, "the broker no longer knows " + topic);
        }
    }
}
