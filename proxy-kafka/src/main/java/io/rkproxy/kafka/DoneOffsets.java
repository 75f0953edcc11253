package io.rkproxy.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer's offsets that are done and not yet committed: per partition, the offset after the last record handed
 * out (KPOP) or acknowledged (rafka). Thread-safe: event loops mark, the consumer's thread commits.
 */
final class DoneOffsets {

    private final Map<TopicPartition, Long> done = new HashMap<>();
    /** Whether something was marked since the last {@link #toCommit}. */
    private boolean dirty;

    /** Marks everything before {@code nextOffset} of a partition as done. */
    synchronized void mark(TopicPartition partition, long nextOffset) {
        done.merge(partition, nextOffset, Math::max);
        dirty = true;
    }

    /** What to commit when something was marked since the last call, else null; the offsets stay owed. */
    synchronized Map<TopicPartition, OffsetAndMetadata> toCommit() {
        if (!dirty) {
            return null;
        }
        dirty = false;
        return snapshot(done.keySet());
    }

    /** A commit of {@link #toCommit}'s offsets failed: the next one tries again. */
    synchronized void commitFailed() {
        dirty = true;
    }

    /** The done offsets of {@code partitions} (all when null), no longer owed: the caller commits them now. */
    synchronized Map<TopicPartition, OffsetAndMetadata> drain(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = snapshot(partitions == null ? done.keySet() : partitions);
        done.keySet().removeAll(offsets.keySet());
        return offsets;
    }

    /** Partitions lost without a chance to commit: what was done there is another member's to redo. */
    synchronized void forget(Collection<TopicPartition> partitions) {
        done.keySet().removeAll(partitions);
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
}
