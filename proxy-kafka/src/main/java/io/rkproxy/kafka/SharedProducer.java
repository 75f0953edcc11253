package io.rkproxy.kafka;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.rkproxy.core.config.KafkaPoolConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The pool's one producer, shared by all its tenants. {@code KafkaProducer.send} blocks while it fetches a topic's
 * metadata for the first time or waits for buffer space, so sends are handed to a thread of their own and never
 * run on an event loop.
 */
final class SharedProducer implements AutoCloseable {

    /** {@code queued} completes once the producer has the record, {@code delivered} once the broker acknowledged it. */
    record Sending(CompletableFuture<Void> queued, CompletableFuture<RecordMetadata> delivered) {
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final ExecutorService sender;

    SharedProducer(KafkaPoolConfig pool) {
        this.producer = new KafkaProducer<>(ClientSettings.producer(pool));
        this.sender = Executors.newSingleThreadExecutor(new DefaultThreadFactory("rkproxy-kafka-" + pool.name()
                + "-send", true));
    }

    Sending send(ProducerRecord<byte[], byte[]> record) {
        Sending sending = new Sending(new CompletableFuture<>(), new CompletableFuture<>());
        try {
            sender.execute(() -> {
                try {
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            sending.delivered().completeExceptionally(error);
                        } else {
                            sending.delivered().complete(metadata);
                        }
                    });
                    sending.queued().complete(null);
                } catch (RuntimeException e) {
                    sending.queued().completeExceptionally(e);
                    sending.delivered().completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            sending.queued().completeExceptionally(e);
            sending.delivered().completeExceptionally(e);
        }
        return sending;
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
