package io.rkproxy.kafka;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocal;
import io.rkproxy.core.config.KafkaPoolConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The pool's one producer, shared by all its tenants. Records reach it on a send thread of its own, never on an
 * event loop, and that thread never waits: a topic whose metadata the producer lacks is looked up aside
 * ({@link ProducerTopics}), and a record the buffer has no room for waits for acknowledgements
 * ({@link ProducerBuffer}). So one topic, or one tenant filling the buffer, does not hold up the others' sends.
 */
final class SharedProducer {

    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService sender;
    private final ProducerTopics topics;
    private final ProducerBuffer buffer;
    private final FastThreadLocal<Batch> batches = new FastThreadLocal<>() {
        @Override
        protected Batch initialValue() {
            return new Batch();
        }
    };

    SharedProducer(KafkaPoolConfig pool) {
        Properties settings = ClientSettings.producer(pool);
        this.producer = new KafkaProducer<>(settings);
        this.sender = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("rkproxy-kafka-" + pool.name()
                + "-send", true));
        this.topics = new ProducerTopics(producer, sender, pool.name());
        this.buffer = new ProducerBuffer(producer, settings, sender, this::sendNow);
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
        batch.records.add(new PendingSend(record, onQueued, (metadata, error) -> {
            onDelivered.onCompletion(metadata, error);
            buffer.released();
        }));
        if (!batch.scheduled) {
            batch.scheduled = true;
            loop.execute(batch::handOver);
        }
    }

    /** The producer lost a topic (the topic cache saw it deleted): its next record looks it up first. */
    void forget(String topic) {
        try {
            sender.execute(() -> topics.forget(topic));
        } catch (RejectedExecutionException e) {
            // closing: nothing more is sent
        }
    }

    private void sendNow(PendingSend pending) {
        try {
            producer.send(pending.record(), pending.onDelivered());
            pending.onQueued().accept(null);
        } catch (TimeoutException e) {
            // the producer had lost the topic's metadata and waited for it in vain: the next record looks it up aside
            topics.forget(pending.topic());
            pending.fail(e);
        } catch (RuntimeException e) {
            pending.fail(e);
        }
    }

    /** One event loop's records on their way to the send thread. */
    private final class Batch {
        private List<PendingSend> records = new ArrayList<>();
        private boolean scheduled;

        void handOver() {
            scheduled = false;
            List<PendingSend> out = records;
            records = new ArrayList<>();
            try {
                sender.execute(() -> out.forEach(p -> topics.route(p, buffer::offer)));
            } catch (RejectedExecutionException e) {
                out.forEach(p -> p.fail(e));
            }
        }
    }

    /** Sends what was queued, waiting at most {@code timeout}, then closes. */
    void close(Duration timeout) {
        try {
            sender.execute(() -> {
                topics.close(new RejectedExecutionException("the kafka pool is closing"));
                buffer.close();
            });
        } catch (RejectedExecutionException e) {
            // closed already
        }
        sender.shutdown();
        try {
            sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(timeout);
    }
}
