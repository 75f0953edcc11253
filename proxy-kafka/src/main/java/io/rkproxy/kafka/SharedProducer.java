package io.rkproxy.kafka;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.rkproxy.core.config.KafkaPoolConfig;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The pool's one producer, shared by all its tenants. {@code KafkaProducer.send} blocks while it fetches a topic's
 * metadata for the first time or waits for buffer space, so sends are handed to a thread of their own and never
 * run on an event loop.
 */
final class SharedProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final ExecutorService sender;

    SharedProducer(KafkaPoolConfig pool) {
        this.producer = new KafkaProducer<>(ClientSettings.producer(pool));
        this.sender = Executors.newSingleThreadExecutor(new DefaultThreadFactory("rkproxy-kafka-" + pool.name()
                + "-send", true));
    }

    /**
     * Hands {@code record} to the producer. {@code onQueued} runs on the send thread once the producer has it, with
     * null or what send() threw; {@code onDelivered} runs as kafka-clients' callback, also when send() threw.
     */
    void send(ProducerRecord<byte[], byte[]> record, Consumer<RuntimeException> onQueued, Callback onDelivered) {
        try {
            sender.execute(() -> {
                try {
                    producer.send(record, onDelivered);
                    onQueued.accept(null);
                } catch (RuntimeException e) {
                    onQueued.accept(e);
                    onDelivered.onCompletion(null, e);
                }
            });
        } catch (RejectedExecutionException e) {
            onQueued.accept(e);
            onDelivered.onCompletion(null, e);
        }
    }

    /** Sends what was queued, waiting at most {@code timeout}, then closes. */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    void close(Duration timeout) {
        sender.shutdown();
        try {
            sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(timeout);
    }
}
