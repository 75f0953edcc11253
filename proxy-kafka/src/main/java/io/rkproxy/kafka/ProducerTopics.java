package io.rkproxy.kafka;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Which topics the pool's producer has metadata for. {@code KafkaProducer.send} blocks its caller while it fetches
 * a topic's metadata, up to {@code max.block.ms} when the topic is gone or has no leader; on the pool's one send
 * thread that would hold up every tenant's sends. So the records of a topic the producer may not know wait here, in
 * order, while a lookup thread asks for its metadata ({@code partitionsFor}); then they go on to the producer, or
 * fail with the lookup's error. Used on the send thread only.
 */
final class ProducerTopics {

    /** kafka-clients forgets a topic no send used for {@code metadata.max.idle.ms} (5 minutes); a little less. */
    private static final long KNOWN_FOR_NANOS = TimeUnit.MINUTES.toNanos(4);
    private static final int LOOKUP_THREADS = 4;

    private final Producer<byte[], byte[]> producer;
    private final Executor sendThread;
    private final ThreadPoolExecutor lookups;
    /** Topics the producer has metadata for, with when a record last went to each. */
    private final Map<String, Long> known = new HashMap<>();
    /** Records of topics being looked up, in arrival order. */
    private final Map<String, ArrayDeque<PendingSend>> parked = new HashMap<>();

    ProducerTopics(Producer<byte[], byte[]> producer, Executor sendThread, String pool) {
        this.producer = producer;
        this.sendThread = sendThread;
        this.lookups = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("rkproxy-kafka-" + pool + "-lookup", true));
        lookups.allowCoreThreadTimeOut(true);
    }

    /** Hands {@code send} to {@code next} when the producer knows its topic, else once a lookup found it. */
    void route(PendingSend send, Consumer<PendingSend> next) {
        String topic = send.topic();
        ArrayDeque<PendingSend> waiting = parked.get(topic);
        if (waiting != null) {
            waiting.add(send);
            return;
        }
        long now = System.nanoTime();
        Long lastSent = known.get(topic);
        if (lastSent != null && now - lastSent < KNOWN_FOR_NANOS) {
            known.put(topic, now);
            next.accept(send);
            return;
        }
        known.remove(topic);
        waiting = new ArrayDeque<>();
        waiting.add(send);
        parked.put(topic, waiting);
        lookUp(topic, next);
    }

    private void lookUp(String topic, Consumer<PendingSend> next) {
        try {
            lookups.execute(() -> {
                RuntimeException failure = null;
                try {
                    producer.partitionsFor(topic);
                } catch (RuntimeException e) {
                    failure = e;
                }
                RuntimeException outcome = failure;
                try {
                    sendThread.execute(() -> found(topic, outcome, next));
                } catch (RejectedExecutionException e) {
                    // the pool closed, and close() failed the parked records
                }
            });
        } catch (RejectedExecutionException e) {
            found(topic, e, next);
        }
    }

    private void found(String topic, RuntimeException failure, Consumer<PendingSend> next) {
        ArrayDeque<PendingSend> waiting = parked.remove(topic);
        if (failure == null) {
            known.put(topic, System.nanoTime());
            waiting.forEach(next);
        } else {
            waiting.forEach(send -> send.fail(failure));
        }
    }

    /** The producer lost the topic's metadata (a send timed out waiting for it, or it was deleted): look it up again. */
    void forget(String topic) {
        known.remove(topic);
    }

    /** Records still waiting for a lookup fail with {@code why}; lookups under way are abandoned. */
    void close(RuntimeException why) {
        lookups.shutdownNow();
        parked.values().forEach(waiting -> waiting.forEach(send -> send.fail(why)));
        parked.clear();
    }
}
