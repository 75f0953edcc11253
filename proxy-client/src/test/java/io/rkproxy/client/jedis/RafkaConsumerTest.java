package io.rkproxy.client.jedis;

import static io.rkproxy.client.harness.KafkaProxyExtension.APP;
import static io.rkproxy.client.harness.KafkaProxyExtension.as;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.client.KafkaErrorKind;
import io.rkproxy.client.RafkaMessage;
import io.rkproxy.client.harness.Eventually;
import io.rkproxy.client.harness.KafkaProxyExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RafkaConsumerTest {

    @RegisterExtension
    static final KafkaProxyExtension proxy = new KafkaProxyExtension(Map.of(
            "acked", 1, "poison", 1, "quiet", 1, "first", 1, "second", 1));

    static RafkaProducer producer;

    @BeforeAll
    static void connect() {
        producer = new RafkaProducer(proxy.address(), as(APP));
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @Test
    void eachMessageIsHandledThenAckedSoTheGroupResumesAfterTheLastAck() {
        String acked = proxy.topic("acked");
        produce(acked, 0, 30);
        List<String> firstRun = new CopyOnWriteArrayList<>();
        try (Running consumer = start("billing", "one", handlerAdding(firstRun), acked)) {
            consumer.awaitUntil(() -> firstRun.size() == 30, "30 messages for the first consumer");
        }
        produce(acked, 30, 40);
        List<String> secondRun = new CopyOnWriteArrayList<>();
        try (Running consumer = start("billing", "two", handlerAdding(secondRun), acked)) {
            consumer.awaitUntil(() -> secondRun.size() >= 10, "10 messages for the second consumer");
        }
        assertEquals(values(0, 30), firstRun);
        assertEquals(values(30, 40), secondRun);
    }

    @Test
    void messagesCarryTheirTopicPartitionAndOffset() {
        String first = proxy.topic("first");
        String second = proxy.topic("second");
        producer.send(first, "to first");
        producer.send(second, "to second");
        producer.flush(Duration.ofSeconds(10));
        List<RafkaMessage> got = new CopyOnWriteArrayList<>();
        try (Running consumer = start("multi", "one", got::add, first, second)) {
            consumer.awaitUntil(() -> got.size() == 2, "a message of each topic");
        }
        assertTrue(got.contains(new RafkaMessage(first, 0, 0, "to first".getBytes(UTF_8))), got.toString());
        assertTrue(got.contains(new RafkaMessage(second, 0, 0, "to second".getBytes(UTF_8))), got.toString());
    }

    @Test
    void aHandlerThatThrowsEndsTheRunAndItsMessageIsNotAcked() {
        String poison = proxy.topic("poison");
        produce(poison, 0, 1);
        IllegalStateException boom = new IllegalStateException("cannot handle this one");
        RafkaConsumer failing = consumer("poison", "one", m -> {
            throw boom;
        }, poison);
        assertSame(boom, assertThrows(IllegalStateException.class, failing::run));
        List<String> retried = new CopyOnWriteArrayList<>();
        try (Running consumer = start("poison", "two", handlerAdding(retried), poison)) {
            consumer.awaitUntil(() -> retried.size() == 1, "the unacked message again");
        }
        assertEquals(values(0, 1), retried);
    }

    @Test
    void closeEndsTheLoopWithinThePollTimeout() {
        Running consumer = start("quiet", "one", m -> { }, proxy.topic("quiet"));
        consumer.awaitUntil(() -> listed("quiet:one"), "the consumer named");
        long started = System.nanoTime();
        consumer.close();
        assertTrue(consumer.run().isDone());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void consumingWithoutTheTopicsGrantIsNoPermission() {
        String audit = proxy.topic("audit");
        KafkaCommandException e = assertThrows(KafkaCommandException.class,
                consumer("audit", "one", m -> { }, audit)::run);
        assertEquals(KafkaErrorKind.NO_PERMISSION, e.kind());
        assertEquals("NOPERM tenant 'app' may not consume topic '" + audit + "'", e.getMessage());
    }

    @Test
    void aNameAnotherConnectionUsesIsAConsumerError() {
        String quiet = proxy.topic("quiet");
        try (Running holder = start("names", "taken", m -> { }, quiet)) {
            holder.awaitUntil(() -> listed("names:taken"), "the first consumer named");
            KafkaCommandException e = assertThrows(KafkaCommandException.class,
                    consumer("names", "taken", m -> { }, quiet)::run);
            assertEquals(KafkaErrorKind.CONSUMER, e.kind());
            assertEquals("CONS id names:taken is already taken", e.getMessage());
        }
    }

    @Test
    void aConsumerClosedBeforeItRunsDoesNotConnect() {
        RafkaConsumer consumer = consumer("early", "one", m -> { }, proxy.topic("audit"));
        consumer.close();
        consumer.run(); // a BLPOP on the produce-only topic would have failed with NOPERM
    }

    @Test
    void aRunConsumerCannotRunAgain() {
        RafkaConsumer consumer = consumer("once", "one", m -> { }, proxy.topic("audit"));
        assertThrows(KafkaCommandException.class, consumer::run);
        assertThrows(IllegalStateException.class, consumer::run);
    }

    private static void produce(String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            producer.send(topic, "m" + i);
        }
        assertEquals(0, producer.flush(Duration.ofSeconds(10)));
    }

    private static List<String> values(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).toList();
    }

    private static Consumer<RafkaMessage> handlerAdding(List<String> values) {
        return m -> values.add(m.valueAsString());
    }

    private static RafkaConsumer consumer(String group, String name, Consumer<RafkaMessage> handler,
                                          String... topics) {
        return RafkaConsumer.builder(proxy.address(), as(APP)).group(group).name(name).topics(topics)
                .pollTimeout(Duration.ofMillis(200)).build(handler);
    }

    /** Whether the proxy lists a connection named {@code name}. */
    private static boolean listed(String name) {
        try (KafkaJedis jedis = new KafkaJedis(proxy.address(), as(APP))) {
            return jedis.clientList().contains(" name=" + name + " ");
        }
    }

    private static Running start(String group, String name, Consumer<RafkaMessage> handler, String... topics) {
        RafkaConsumer consumer = consumer(group, name, handler, topics);
        Executor ownThread = task -> new Thread(task, "rafka-consumer").start();
        return new Running(consumer, CompletableFuture.runAsync(consumer::run, ownThread));
    }

    /** A consumer running on a thread of its own; closing it stops it and fails on what its run threw. */
    private record Running(RafkaConsumer consumer, CompletableFuture<Void> run) implements AutoCloseable {

        /** Returns once {@code condition} holds; fails at once, with its failure, should the run end first. */
        void awaitUntil(BooleanSupplier condition, String what) {
            Eventually.until(() -> condition.getAsBoolean() || run.isDone(), what);
            if (!condition.getAsBoolean()) {
                run.join();
                throw new AssertionError("the consumer stopped before " + what);
            }
        }

        @Override
        public void close() {
            consumer.close();
            run.join();
        }
    }
}
