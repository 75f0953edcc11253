package io.rkproxy.kafka;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocal;
import io.rkproxy.core.config.KafkaPoolConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
final class SharedProducer {

    private final KafkaProducer<byte[], byte[]> producer;
    private final ExecutorService sender;
    private final FastThreadLocal<Batch> batches = new FastThreadLocal<>() {
        @Override
        protected Batch initialValue() {
            return new Batch();
        }
    };

    SharedProducer(KafkaPoolConfig pool) {
        this.producer = new KafkaProducer<>(ClientSettings.producer(pool));
        this.sender = Executors.newSingleThreadExecutor(new DefaultThreadFactory("rkproxy-kafka-" + pool.name()
                + "-send", true));
    }

    /**
     * Hands {@code record} to the producer; call on {@code loop}. {@code onQueued} runs on the send thread once the
     * producer has it, with null or what send() threw; {@code onDelivered} runs as kafka-clients' callback, also
     * when send() threw. Records an event loop sends while it handles one batch of reads travel to the send thread
     * together.
     */
    void send(EventLoop loop, ProducerRecord<byte[], byte[]> record, Consumer<RuntimeException> onQueued,
              Callback onDelivered) {
        Batch batch = batches.get();
        batch.records.add(new Pending(record, onQueued, onDelivered));
        if (!batch.scheduled) {
            batch.scheduled = true;
            loop.execute(batch::handOver);
        }
    }

    private record Pending(ProducerRecord<byte[], byte[]> record, Consumer<RuntimeException> onQueued,
                           Callback onDelivered) {

        void send(KafkaProducer<byte[], byte[]> producer) {
            try {
                producer.send(record, onDelivered);
                onQueued.accept(null);
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        void fail(RuntimeException e) {
            onQueued.accept(e);
            onDelivered.onCompletion(null, e);
        }
    }

    /** One event loop's records on their way to the send thread. */
    private final class Batch {
        private List<Pending> records = new ArrayList<>();
        private boolean scheduled;

        void handOver() {
            scheduled = false;
            List<Pending> out = records;
            records = new ArrayList<>();
            try {
                sender.execute(() -> out.forEach(p -> p.send(producer)));
            } catch (RejectedExecutionException e) {
                out.forEach(p -> p.fail(e));
            }
        }
    }

    /** Sends what was queued, waiting at most {@code timeout}, then closes. */
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
