package io.rkproxy.core.backend;

import java.util.List;

/**
 * One tenant's Kafka counters on this proxy node.
 *
 * @param lag records waiting in the tenant's KPOP groups' assigned partitions past what this node handed out, or -1
 *            when not known
 * @param partitions that lag by group and partition, as last measured, ordered by group, topic and partition
 */
public record KafkaTenantFigures(long produced, long consumed, long acked, long deliveryErrors, long lag,
                                 List<PartitionLag> partitions) {

    public KafkaTenantFigures {
        partitions = List.copyOf(partitions);
    }
}
