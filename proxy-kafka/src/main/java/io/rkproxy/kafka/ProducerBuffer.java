package io.rkproxy.kafka;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;

/**
 * Keeps the send thread from waiting for room in the producer's {@code buffer.memory}: {@code KafkaProducer.send}
 * blocks up to {@code max.block.ms} for it, holding up every tenant's sends. A record goes to the producer only while
 * the buffer has room for a new batch of it; otherwise it waits here, and every record after it, in arrival order,
 * until acknowledgements free memory. What waits is bounded by the connections' {@code connection-send-bytes}. Used
 * on the send thread, except {@link #released}.
 *
 * <p>kafka-clients runs a batch's callbacks before it returns the batch's memory to its pool, so the look that an
 * acknowledgement sets off ({@link #released}) may find no room yet, and with no acknowledgement or record after it
 * nothing would look again. So while records wait, the send thread also looks every {@value #RECHECK_MS} ms.
 */
final class ProducerBuffer {

    /** More than kafka-clients adds to a record's key and value in a batch of its own (headers, lengths). */
    private static final int RECORD_OVERHEAD = 256;
    private static final long RECHECK_MS = 2;

    private final Metric available;
    private final long total;
    private final long batchSize;
    private final ScheduledExecutorService sendThread;
    private final Consumer<PendingSend> send;
    private final ArrayDeque<PendingSend> waiting = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean anyWaiting;
    private boolean recheckScheduled;

    /** @param send hands a record to the producer, on the send thread */
    ProducerBuffer(Producer<byte[], byte[]> producer, Properties settings, ScheduledExecutorService sendThread,
                   Consumer<PendingSend> send) {
        this.available = producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("buffer-available-bytes")
                        && e.getKey().group().equals("producer-metrics"))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new IllegalStateException("kafka-clients has no buffer-available-bytes metric"));
        this.total = ClientSettings.producerLong(settings, ProducerConfig.BUFFER_MEMORY_CONFIG);
        this.batchSize = ClientSettings.producerLong(settings, ProducerConfig.BATCH_SIZE_CONFIG);
        this.sendThread = sendThread;
        this.send = send;
    }

    void offer(PendingSend record) {
        if (waiting.isEmpty() && fits(record)) {
            send.accept(record);
            return;
        }
        waiting.add(record);
        anyWaiting = true;
        // an acknowledgement may have freed memory before anyWaiting was seen: look again, or nothing might
        drain();
    }

    /**
     * From kafka-clients' network thread after an acknowledgement: the memory of earlier batches is back by now, so
     * what waits may go without waiting for the next recheck.
     */
    void released() {
        if (anyWaiting && drainScheduled.compareAndSet(false, true)) {
            try {
                sendThread.execute(() -> {
                    drainScheduled.set(false);
                    drain();
                });
            } catch (RejectedExecutionException e) {
                // the pool is closing: close() sends what waits
            }
        }
    }

    private void drain() {
        while (!waiting.isEmpty() && fits(waiting.peek())) {
            send.accept(waiting.poll());
        }
        anyWaiting = !waiting.isEmpty();
        if (anyWaiting && !recheckScheduled) {
            recheckScheduled = true;
            try {
                sendThread.schedule(() -> {
                    recheckScheduled = false;
                    drain();
                }, RECHECK_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // the pool is closing: close() sends what waits
            }
        }
    }

    /**
     * Room for a new batch holding the record. A record larger than the whole buffer goes at once, for the producer
     * to refuse.
     */
    private boolean fits(PendingSend record) {
        long need = Math.max(batchSize, record.size() + RECORD_OVERHEAD);
        return need > total || ((Number) available.metricValue()).longValue() >= need;
    }

    /** At close: whatever waits goes to the producer, waiting for room as kafka-clients does. */
    void close() {
        waiting.forEach(send);
        waiting.clear();
        anyWaiting = false;
    }
}
