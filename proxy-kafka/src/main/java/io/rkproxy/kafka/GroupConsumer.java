package io.rkproxy.kafka;

import io.rkproxy.core.backend.PartitionLag;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
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
 * thread-safe: only that thread touches it) into a bounded buffer that event loops take records from without
 * blocking.
 *
 * <p>What gets committed is the caller's choice: {@link #take} marks a record as done when it is handed out (KPOP,
 * at most once), {@link #ack} when the client acknowledges it (rafka, at least once). Marked offsets are committed
 * asynchronously every commit interval, synchronously when partitions are revoked and at close.
 */
final class GroupConsumer {

    private static final Logger log = LoggerFactory.getLogger(GroupConsumer.class);

    /** A client waiting for one record; exactly one of its methods is called, once {@link #claim} succeeded. */
    interface Waiter {
        /** Takes the waiter; false once it was taken, by a record or by its timeout. */
        boolean claim();

        /** Whether the waiter was taken already (its timeout answered it): it only waits to leave the queue. */
        boolean taken();

        void onRecord(ConsumerRecord<byte[], byte[]> record);

        void onError(String error);
    }

    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final String name;
    private final Properties settings;
    private final Collection<String> topics;
    private final boolean doneWhenTaken;
    private final int bufferLimit;
    private final long commitIntervalNanos;
    private final Duration closeTimeout;

    private final Object lock = new Object();
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Map<TopicPartition, Long> done = new HashMap<>();
    private boolean dirty;
    /** Whether a client asked the owning thread for records since its last round; spares it a wake-up per take. */
    private boolean ownerAsked;
    private String stopError;
    private volatile boolean closing;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** Records past the consumer's position plus the ones buffered, by partition; null until known. */
    private volatile List<PartitionLag> partitionLags;
    private Runnable onExit = () -> { };
    /** Wakes the thread that polls this consumer, so that it acts on a close at once. */
    private volatile Runnable wakeOwner = () -> { };
    private long lastCommitNanos;

    GroupConsumer(String name, Properties settings, Collection<String> topics, boolean doneWhenTaken,
                  int bufferLimit, Duration commitInterval, Duration closeTimeout) {
        this.name = name;
        this.settings = settings;
        this.topics = List.copyOf(topics);
        this.doneWhenTaken = doneWhenTaken;
        this.bufferLimit = bufferLimit;
        this.commitIntervalNanos = commitInterval.toNanos();
        this.closeTimeout = closeTimeout;
    }

    /** {@code onExit} runs on the consumer's thread once it has committed and left its group. */
    void onExit(Runnable onExit) {
        this.onExit = onExit;
    }

    /** The next buffered record, or null when there is none or the consumer stopped; never blocks. */
    ConsumerRecord<byte[], byte[]> take() {
        synchronized (lock) {
            return waiters.isEmpty() && !isStopped() ? next() : null;
        }
    }

    /** Whether the consumer stopped or is closing: it hands out nothing more. */
    boolean stopped() {
        synchronized (lock) {
            return isStopped();
        }
    }

    private boolean isStopped() {
        return stopError != null || closing;
    }

    /** Hands the next record to {@code waiter}: now if one is buffered, else when one arrives. */
    void await(Waiter waiter) {
        ConsumerRecord<byte[], byte[]> record = null;
        String error;
        synchronized (lock) {
            error = stopError;
            if (error == null) {
                dropTakenWaiters();
                if (waiters.isEmpty() && !buffer.isEmpty()) {
                    if (!waiter.claim()) {
                        return;
                    }
                    record = next();
                } else {
                    waiters.add(waiter);
                    askOwner();
                }
            }
        }
        if (error != null) {
            if (waiter.claim()) {
                waiter.onError(error);
            }
        } else if (record != null) {
            hand(waiter, record);
        }
    }

    /**
     * Drops the waiters at the head of the queue that their timeout answered already. Left there, they would make a
     * client that finds records buffered wait for the owning thread to hand it one instead of taking it at once, and
     * a thread slow to come round (a loaded machine) would let BLPOP after BLPOP time out with records buffered; and
     * on a topic with nothing to read, where nothing else takes them off, a client's BLPOPs with a timeout would pile
     * up one per call for as long as it keeps asking.
     */
    private void dropTakenWaiters() {
        while (!waiters.isEmpty() && waiters.peek().taken()) {
            waiters.poll();
        }
    }

    /**
     * Gives a claimed waiter its record. Once claimed, nothing else answers it (its timeout no longer can): if the
     * handing-over fails, it gets an error rather than no reply at all.
     */
    private void hand(Waiter waiter, ConsumerRecord<byte[], byte[]> record) {
        try {
            waiter.onRecord(record);
        } catch (RuntimeException e) {
            log.warn("consumer {}: a record could not be handed to its client: {}", name, e.toString());
            waiter.onError("Failed to deliver a record: " + e);
        }
    }

    /** Clients queued for a record, counting those their timeout answered that have not left the queue yet. */
    int waiting() {
        synchronized (lock) {
            return waiters.size();
        }
    }

    /** Marks everything before {@code nextOffset} of a partition as done, to be committed. */
    void ack(TopicPartition partition, long nextOffset) {
        synchronized (lock) {
            markDone(partition, nextOffset);
        }
    }

    /** Stops consuming: waiting clients, and later ones, get {@code error}. The thread then commits and exits. */
    void stop(String error) {
        List<Waiter> failed;
        synchronized (lock) {
            if (stopError == null) {
                stopError = error;
            }
            failed = new ArrayList<>(waiters);
            waiters.clear();
        }
        failed.forEach(w -> {
            if (w.claim()) {
                w.onError(error);
            }
        });
        close();
    }

    /** Commits what is done and leaves the group, on the consumer's thread; returns at once. */
    void close() {
        closing = true;
        wakeOwner.run();
    }

    /** Whether the thread should {@link #shutdown} this consumer instead of polling it. */
    boolean closing() {
        return closing;
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
            deliverToWaiters();
            fitBuffer();
            ConsumerRecords<byte[], byte[]> fetched = consumer.poll(Duration.ZERO);
            if (!fetched.isEmpty()) {
                synchronized (lock) {
                    fetched.forEach(buffer::add);
                }
            }
            deliverToWaiters();
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
        synchronized (lock) {
            for (ConsumerRecord<byte[], byte[]> r : buffer) {
                behind.merge(new TopicPartition(r.topic(), r.partition()), 1L, Long::sum);
            }
        }
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
            commitSync(drainDone(null), "final commit");
            try {
                consumer.close(closeTimeout);
            } catch (RuntimeException e) {
                log.debug("consumer {}: close: {}", name, e.toString());
            }
        }
        closed.countDown();
        onExit.run();
    }

    private ConsumerRecord<byte[], byte[]> next() {
        ConsumerRecord<byte[], byte[]> record = buffer.poll();
        if (record != null && doneWhenTaken) {
            markDone(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        }
        if (buffer.size() <= bufferLimit / 2) {
            askOwner();
        }
        return record;
    }

    /**
     * Wakes the owning thread when clients have taken the buffer down to where fetching resumes, or found it empty:
     * resting between rounds, it would otherwise leave them without records for up to its whole rest.
     */
    private void askOwner() {
        if (!ownerAsked) {
            ownerAsked = true;
            wakeOwner.run();
        }
    }

    private void markDone(TopicPartition partition, long nextOffset) {
        done.merge(partition, nextOffset, Math::max);
        dirty = true;
    }

    private void deliverToWaiters() {
        while (true) {
            Waiter waiter;
            ConsumerRecord<byte[], byte[]> record;
            synchronized (lock) {
                if (buffer.isEmpty() || waiters.isEmpty()) {
                    return;
                }
                waiter = waiters.poll();
                if (!waiter.claim()) {
                    continue;
                }
                record = next();
            }
            hand(waiter, record);
        }
    }

    /**
     * Stops fetching while the buffer is full, so memory stays bounded however slow the clients are, and fetches
     * again once clients have taken half.
     */
    private void fitBuffer() {
        int size;
        synchronized (lock) {
            size = buffer.size();
            ownerAsked = false;
        }
        if (size >= bufferLimit) {
            consumer.pause(consumer.assignment());
        } else if (size <= bufferLimit / 2 && !consumer.paused().isEmpty()) {
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
        Map<TopicPartition, OffsetAndMetadata> offsets;
        synchronized (lock) {
            if (!dirty) {
                return;
            }
            dirty = false;
            offsets = snapshot(done.keySet());
        }
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                log.info("consumer {}: commit failed, will retry: {}", name, error.toString());
                synchronized (lock) {
                    dirty = true;
                }
            }
        });
    }

    /** The done offsets of {@code partitions} (all when null), removing them from what is still owed. */
    private Map<TopicPartition, OffsetAndMetadata> drainDone(Collection<TopicPartition> partitions) {
        synchronized (lock) {
            Map<TopicPartition, OffsetAndMetadata> offsets = snapshot(partitions == null ? done.keySet() : partitions);
            done.keySet().removeAll(offsets.keySet());
            return offsets;
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> snapshot(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long next = done.get(tp);
            if (next != null) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
        }
        return offsets;
    }

    /** Revoked partitions: their buffered records go (the new owner reads them), their done offsets get committed. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            dropBuffered(partitions);
            commitSync(drainDone(partitions), "commit on revoke");
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            log.debug("consumer {}: assigned {}", name, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            dropBuffered(partitions);
            synchronized (lock) {
                done.keySet().removeAll(partitions);
            }
        }

        private void dropBuffered(Collection<TopicPartition> partitions) {
            synchronized (lock) {
                for (Iterator<ConsumerRecord<byte[], byte[]>> it = buffer.iterator(); it.hasNext(); ) {
                    ConsumerRecord<byte[], byte[]> r = it.next();
                    if (partitions.contains(new TopicPartition(r.topic(), r.partition()))) {
                        it.remove();
                    }
                }
            }
        }
    }
}
