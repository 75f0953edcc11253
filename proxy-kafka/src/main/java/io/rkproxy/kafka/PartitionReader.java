package io.rkproxy.kafka;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.rkproxy.core.config.KafkaPoolConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Application-managed reads, {@code KPOP topic partition offset [count]}: a consumer in no group, on a thread of
 * its own, seeks and reads. Nothing is committed.
 */
final class PartitionReader implements AutoCloseable {

    /** The offset asked for is outside the partition's log. */
    static final class OutOfRange extends RuntimeException {
        final long logStart;
        final long logEnd;

        OutOfRange(long logStart, long logEnd) {
            super(null, null, false, false);
            this.logStart = logStart;
            this.logEnd = logEnd;
        }
    }

    private static final Duration POLL = Duration.ofMillis(50);

    private final KafkaPoolConfig pool;
    private final ExecutorService thread;
    private KafkaConsumer<byte[], byte[]> consumer;

    PartitionReader(KafkaPoolConfig pool) {
        this.pool = pool;
        this.thread = Executors.newSingleThreadExecutor(new DefaultThreadFactory("rkproxy-kafka-" + pool.name()
                + "-reader", true));
    }

    /** Up to {@code count} records from {@code offset} on; none when {@code offset} is the log's end. */
    CompletionStage<List<ConsumerRecord<byte[], byte[]>>> read(TopicPartition partition, long offset, int count) {
        CompletableFuture<List<ConsumerRecord<byte[], byte[]>>> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    result.complete(readNow(partition, offset, count));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    private List<ConsumerRecord<byte[], byte[]>> readNow(TopicPartition partition, long offset, int count) {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(ClientSettings.consumer(pool, null, "rkproxy-" + pool.name() + "-reader",
                    Map.of("auto.offset.reset", "none")));
        }
        List<TopicPartition> one = List.of(partition);
        consumer.assign(one);
        long start = consumer.beginningOffsets(one).get(partition);
        long end = consumer.endOffsets(one).get(partition);
        if (offset < start || offset > end) {
            throw new OutOfRange(start, end);
        }
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        if (offset == end) {
            return out;
        }
        consumer.seek(partition, offset);
        long deadline = System.nanoTime() + pool.requestTimeout().toNanos();
        while (out.size() < count && consumer.position(partition) < end && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL).records(partition)) {
                if (out.size() < count) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        thread.execute(() -> {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(1));
            }
        });
        thread.shutdown();
    }
}
