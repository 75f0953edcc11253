package io.rkproxy.core.backend;

/**
 * One tenant's Kafka counters on this proxy node.
 *
 * @param lag records waiting in the tenant's KPOP groups' assigned partitions past what this node handed out, or -1
 *            when not known
 */
public record KafkaTenantFigures(long produced, long consumed, long acked, long deliveryErrors, long lag) {
}
