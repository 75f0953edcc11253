package io.rkproxy.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * KafkaConsumeBench's reference: one kafka-clients KafkaConsumer in a new group, subscribed to the topic from the
 * earliest offset, auto-commit off, otherwise kafka-clients' defaults (rkproxy's own consumers use the same).
 */
final class DirectConsumer {
    private final String bootstrap;
    private final String topic;
    private final String group;
    private final ConsumeProgress progress;

    DirectConsumer(String bootstrap, String topic, String group, ConsumeProgress progress) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.group = group;
        this.progress = progress;
    }

    /** Consumes until the run ends. */
    void run() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-direct-consumer");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            while (progress.running()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value() == null) {
                        throw new IllegalStateException("a record without a value at " + r.partition() + ":"
                                + r.offset());
                    }
                    if (!progress.record(r.partition(), r.offset())) {
                        break;
                    }
                }
            }
        }
    }
}
