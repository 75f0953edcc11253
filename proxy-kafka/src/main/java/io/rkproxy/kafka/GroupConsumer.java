package io.rkproxy.kafka;

import io.rkproxy.core.backend.PartitionLag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a consumer group, polled by one of the pool's {@link ConsumerThreads} (KafkaConsumer is not
 * thread-safe: only that thread touches it) into a bounded {@link ConsumerBuffer} that event loops take records from
 * without blocking.
 *
 * <p>What gets committed is the caller's choice: {@link #take} marks records as done when they are handed out (KPOP,
 * at most once), {@link #ack} when the client acknowledges them (rafka, at least once). Marked offsets are committed
 * asynchronously every commit interval, synchronously when partitions are revoked and at close.
 */
final class GroupConsumer {

    private static final Logger log = LoggerFactory.getLogger(GroupConsumer.class);

    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final String name;
    private final Properties settings;
    private final Collection<String> topics;
    private final long commitIntervalNanos;
    private final Duration closeTimeout;

    private final DoneOffsets done = new DoneOffsets();
    private final ConsumerBuffer buffer;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** Records past the consumer's position plus the ones buffered, by partition; null until known. */
    private volatile List<PartitionLag> partitionLags;
    private Runnable onExit = () -> { };
    /** Wakes the thread that polls this consumer, so that it acts on a close or a client's ask at once. */
    private volatile Runnable wakeOwner = () -> { };
    private long lastCommitNanos;

    GroupConsumer(String name, Properties settings, Collection<String> topics, boolean doneWhenTaken,
                  int bufferLimit, Duration commitInterval, Duration closeTimeout) {
        this.name = name;
        this.settings = settings;
        this.topics = List.copyOf(topics);
        this.commitIntervalNanos = commitInterval.toNanos();
        this.closeTimeout = closeTimeout;
        this.buffer = new ConsumerBuffer(name, bufferLimit, doneWhenTaken ? done : null, () -> wakeOwner.run());
    }

    /** {@code onExit} runs on the consumer's thread once it has committed and left its group. */
    void onExit(Runnable onExit) {
        this.onExit = onExit;
    }

    /** Up to {@code max} buffered records; empty when there are none or the consumer stopped. Never blocks. */
    List<ConsumerRecord<byte[], byte[]>> take(int max) {
        return buffer.take(max);
    }

    /** Whether the consumer stopped or is closing: it hands out nothing more. */
    boolean stopped() {
        return buffer.stopped();
    }

    /** Hands the next record to {@code waiter}: now if one is buffered, else when one arrives. */
    void await(ConsumerBuffer.Waiter waiter) {
        buffer.await(waiter);
    }

    /** Clients queued for a record, counting those their timeout answered that have not left the queue yet. */
    int waiting() {
        return buffer.waiting();
    }

    /** Marks everything before {@code nextOffset} of a partition as done, to be committed. */
    void ack(TopicPartition partition, long nextOffset) {
        done.mark(partition, nextOffset);
    }

    /** Stops consuming: waiting clients, and later ones, get {@code error}. The thread then commits and exits. */
    void stop(String error) {
        buffer.stop(error);
        close();
    }

    /** Commits what is done and leaves the group, on the consumer's thread; returns at once. */
    void close() {
        buffer.close();
        wakeOwner.run();
    }

    /** Whether the thread should {@link #shutdown} this consumer instead of polling it. */
    boolean closing() {
        return buffer.closing();
    }

    /** Waits until the consumer has committed and left its group. */
    boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Creates the KafkaConsumer and subscribes, on the thread that will poll it; false when it cannot be created,
     * and then the consumer has stopped and exited already.
     */
    boolean open(Runnable wakeOwner) {
        this.wakeOwner = wakeOwner;
        try {
            consumer = new KafkaConsumer<>(settings);
            consumer.subscribe(topics, new Rebalance());
        } catch (RuntimeException e) {
            log.warn("consumer {}: cannot be created: {}", name, e.getMessage());
            stop("Failed to register Consumer: " + e.getMessage());
            if (consumer != null) {
                consumer.close(Duration.ZERO);
            }
            closed.countDown();
            onExit.run();
            return false;
        }
        lastCommitNanos = System.nanoTime();
        return true;
    }

    /**
     * One turn of the owning thread: hands buffered records to waiting clients, takes what the consumer has fetched
     * without waiting for more, and commits when it is time. Returns whether records came in, so that the thread
     * goes round again at once instead of resting.
     */
    boolean pollOnce() {
        try {
            buffer.deliverToWaiters();
            fitBuffer();
            ConsumerRecords<byte[], byte[]> fetched = consumer.poll(Duration.ZERO);
            if (!fetched.isEmpty()) {
                buffer.add(fetched);
            }
            buffer.deliverToWaiters();
            if (System.nanoTime() - lastCommitNanos >= commitIntervalNanos) {
                measureLag();
                commitAsync();
                lastCommitNanos = System.nanoTime();
            }
            return !fetched.isEmpty();
        } catch (RuntimeException e) {
            log.warn("consumer {}: stopped: {}", name, e.toString());
            stop("consumer failed: " + e.getMessage());
            return false;
        }
    }

    /**
     * From the fetch responses the consumer already has: no request to the broker. Runs on the consumer's thread and
     * publishes an immutable snapshot; while the lag of an assigned partition is not known, the last one stays.
     */
    private void measureLag() {
        Map<TopicPartition, Long> behind = new TreeMap<>(PARTITION_ORDER);
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong fetchable = consumer.currentLag(partition);
            if (fetchable.isEmpty()) {
                return;
            }
            behind.put(partition, fetchable.getAsLong());
        }
        buffer.countBuffered(behind);
        List<PartitionLag> lags = new ArrayList<>(behind.size());
        behind.forEach((tp, records) -> lags.add(new PartitionLag(name, tp.topic(), tp.partition(), records)));
        partitionLags = List.copyOf(lags);
    }

    /** Records past the consumer's position in its partitions plus the ones buffered; -1 until known. */
    long lag() {
        List<PartitionLag> lags = partitionLags;
        return lags == null ? -1 : lags.stream().mapToLong(PartitionLag::lag).sum();
    }

    /** {@link #lag} by partition, ordered by topic and partition; empty until known. */
    List<PartitionLag> partitionLags() {
        List<PartitionLag> lags = partitionLags;
        return lags == null ? List.of() : lags;
    }

    /** Commits what is done and leaves the group; the owning thread then drops the consumer. */
    void shutdown() {
        if (consumer != null) {
            commitSync(done.drain(null), "final commit");
            try {
                consumer.close(closeTimeout);
            } catch (RuntimeException e) {
                log.debug("consumer {}: close: {}", name, e.toString());
            }
        }
        closed.countDown();
        onExit.run();
    }

    /**
     * Stops fetching while the buffer is full, so memory stays bounded however slow the clients are, and fetches
     * again once clients have taken half.
     */
    private void fitBuffer() {
        int size = buffer.startRound();
        if (size >= buffer.limit()) {
            consumer.pause(consumer.assignment());
        } else if (size <= buffer.limit() / 2 && !consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, String what) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, closeTimeout);
        } catch (RuntimeException e) {
            log.warn("consumer {}: {} failed: {}", name, what, e.toString());
        }
    }

    private void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> offsets = done.toCommit();
        if (offsets == null) {
            return;
        }
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                log.info("consumer {}: commit failed, will retry: {}", name, error.toString());
                done.commitFailed();
            }
        });
    }

    /** Revoked partitions: their buffered records go (the new owner reads them), their done offsets get committed. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            buffer.drop(partitions);
            commitSync(done.drain(partitions), "commit on revoke");
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            log.debug("consumer {}: assigned {}", name, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            buffer.drop(partitions);
            done.forget(partitions);
        }
    }
}
