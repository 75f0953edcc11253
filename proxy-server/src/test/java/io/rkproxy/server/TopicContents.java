package io.rkproxy.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every record of a topic, read straight from the broker (no proxy in between, no consumer group): the value at each
 * place ("partition:offset"), and how many values are there more than once.
 */
final class TopicContents {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> valueAt = new HashMap<>();
    private final Map<String, Integer> copies = new HashMap<>();

    private TopicContents() {
    }

    static TopicContents read(String bootstrap, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        TopicContents contents = new TopicContents();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + ends + " in time");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(contents::add);
            }
        }
        return contents;
    }

    private void add(ConsumerRecord<String, String> record) {
        valueAt.put(record.partition() + ":" + record.offset(), record.value());
        copies.merge(record.value(), 1, Integer::sum);
    }

    /** The values at {@code places} ("partition:offset"), in their order; null where there is none. */
    List<String> valuesAt(List<String> places) {
        return places.stream().map(valueAt::get).toList();
    }

    /** Records whose value an earlier record of the topic has already. */
    long duplicates() {
        return copies.values().stream().mapToLong(n -> n - 1).sum();
    }

    int records() {
        return valueAt.size();
    }
}
