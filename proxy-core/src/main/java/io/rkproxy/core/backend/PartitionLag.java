package io.rkproxy.core.backend;

/**
 * What one consumer group member on this node has yet to hand out of one partition: records past its fetch position
 * plus the ones it holds in its buffer.
 *
 * @param group the consumer group, such as {@code rkproxy.kpop:<tenant>:<topic>}
 * @param topic Kafka's name of the topic
 */
public record PartitionLag(String group, String topic, int partition, long lag) {
}
