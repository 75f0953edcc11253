package io.rkproxy.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link GroupConsumer} fetched and has not handed out, and the clients waiting for it. Event loops take from
 * it without blocking; the consumer's thread fills it and hands records to the waiters.
 */
final class ConsumerBuffer {

    private static final Logger log = LoggerFactory.getLogger(ConsumerBuffer.class);

    /** A client waiting for one record; exactly one of its methods is called, once {@link #claim} succeeded. */
    interface Waiter {
        /** Takes the waiter; false once it was taken, by a record or by its timeout. */
        boolean claim();

        /** Whether the waiter was taken already (its timeout answered it): it only waits to leave the queue. */
        boolean taken();

        void onRecord(ConsumerRecord<byte[], byte[]> record);

        void onError(String error);
    }

    private final String name;
    private final int limit;
    /** Where records are marked done as they are handed out (KPOP); null when the client acknowledges them. */
    private final DoneOffsets doneWhenTaken;
    /** Wakes the consumer's thread. */
    private final Runnable wakeOwner;

    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> records = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Whether a client asked the owning thread for records since its last round; spares it a wake-up per take. */
    private boolean ownerAsked;
    private String stopError;
    private volatile boolean closing;

    ConsumerBuffer(String name, int limit, DoneOffsets doneWhenTaken, Runnable wakeOwner) {
        this.name = name;
        this.limit = limit;
        this.doneWhenTaken = doneWhenTaken;
        this.wakeOwner = wakeOwner;
    }

    /**
     * Up to {@code max} buffered records, oldest first; empty when there are none, clients wait ahead of the caller,
     * or the consumer stopped. Never blocks.
     */
    List<ConsumerRecord<byte[], byte[]>> take(int max) {
        List<ConsumerRecord<byte[], byte[]>> taken;
        synchronized (this) {
            if (!waiters.isEmpty() || isStopped()) {
                return List.of();
            }
            if (records.isEmpty()) {
                askOwner();
                return List.of();
            }
            taken = new ArrayList<>(Math.min(max, records.size()));
            while (taken.size() < max && !records.isEmpty()) {
                taken.add(records.poll());
            }
            // under the lock: a revocation's drop-then-commit must see these marked or not taken
            markDone(taken);
            tookSome();
        }
        return taken;
    }

    /** Hands the next record to {@code waiter}: now if one is buffered, else when one arrives. */
    void await(Waiter waiter) {
        ConsumerRecord<byte[], byte[]> record = null;
        String error;
        synchronized (this) {
            error = stopError;
            if (error == null) {
                dropTakenWaiters();
                if (waiters.isEmpty() && !records.isEmpty()) {
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

    /** Hands buffered records to waiting clients, in the order they came; on the consumer's thread. */
    void deliverToWaiters() {
        while (true) {
            Waiter waiter;
            ConsumerRecord<byte[], byte[]> record;
            synchronized (this) {
                if (records.isEmpty() || waiters.isEmpty()) {
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

    private ConsumerRecord<byte[], byte[]> next() {
        ConsumerRecord<byte[], byte[]> record = records.poll();
        tookSome();
        if (doneWhenTaken != null) {
            doneWhenTaken.mark(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        }
        return record;
    }

    private void tookSome() {
        if (records.size() <= limit / 2) {
            askOwner();
        }
    }

    /** Marks a batch done once per partition run rather than once per record. */
    private void markDone(List<ConsumerRecord<byte[], byte[]>> taken) {
        if (doneWhenTaken == null) {
            return;
        }
        for (int i = 0; i < taken.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = taken.get(i);
            ConsumerRecord<byte[], byte[]> after = i + 1 < taken.size() ? taken.get(i + 1) : null;
            if (after == null || after.partition() != r.partition() || !after.topic().equals(r.topic())) {
                doneWhenTaken.mark(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
            }
        }
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

    /** Adds what the consumer fetched; on the consumer's thread. */
    synchronized void add(ConsumerRecords<byte[], byte[]> fetched) {
        fetched.forEach(records::add);
    }

    /** The records buffered, at the start of a round of the consumer's thread: clients may ask for more again. */
    synchronized int startRound() {
        ownerAsked = false;
        return records.size();
    }

    int limit() {
        return limit;
    }

    /** Adds the records buffered per partition to {@code behind}. */
    synchronized void countBuffered(Map<TopicPartition, Long> behind) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            behind.merge(new TopicPartition(r.topic(), r.partition()), 1L, Long::sum);
        }
    }

    /** Drops the buffered records of partitions this member no longer owns: the new owner reads them. */
    synchronized void drop(Collection<TopicPartition> partitions) {
        for (Iterator<ConsumerRecord<byte[], byte[]>> it = records.iterator(); it.hasNext(); ) {
            ConsumerRecord<byte[], byte[]> r = it.next();
            if (partitions.contains(new TopicPartition(r.topic(), r.partition()))) {
                it.remove();
            }
        }
    }

    /** Clients queued for a record, counting those their timeout answered that have not left the queue yet. */
    synchronized int waiting() {
        return waiters.size();
    }

    /** Whether the consumer stopped or is closing: it hands out nothing more. */
    synchronized boolean stopped() {
        return isStopped();
    }

    private boolean isStopped() {
        return stopError != null || closing;
    }

    /** Hands out nothing more: waiting clients, and later ones, get {@code error}. */
    void stop(String error) {
        List<Waiter> failed;
        synchronized (this) {
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
    }

    /** The consumer is closing: takes get nothing more. */
    void close() {
        closing = true;
    }

    boolean closing() {
        return closing;
    }
}
