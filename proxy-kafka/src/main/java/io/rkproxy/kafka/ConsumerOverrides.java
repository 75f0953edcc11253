package io.rkproxy.kafka;

import io.rkproxy.core.backend.RafkaConsumerJson;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A rafka client's JSON consumer config as kafka-clients takes it: librdkafka's spellings mapped onto kafka-clients'
 * names.
 *
 * @param properties     kafka-clients consumer properties
 * @param commitInterval how often acked offsets are committed, when {@code auto.commit.interval.ms} is given
 */
record ConsumerOverrides(Map<String, String> properties, Optional<Duration> commitInterval) {

    static final ConsumerOverrides NONE = new ConsumerOverrides(Map.of(), Optional.empty());

    /** librdkafka's names that kafka-clients spells otherwise. */
    private static final Map<String, String> KAFKA_CLIENTS_NAMES = Map.of(
            "fetch.wait.max.ms", "fetch.max.wait.ms",
            "fetch.message.max.bytes", "max.partition.fetch.bytes");

    /** @throws IllegalArgumentException saying what is wrong, for the client's error */
    static ConsumerOverrides parse(String json) {
        RafkaConsumerJson config = RafkaConsumerJson.parse(json);
        Map<String, String> properties = new LinkedHashMap<>();
        config.offsetReset().ifPresent(reset -> properties.put(RafkaConsumerJson.OFFSET_RESET, reset));
        Optional<Duration> commitInterval = Optional.empty();
        for (Map.Entry<String, Long> setting : config.numbers().entrySet()) {
            if (setting.getKey().equals(RafkaConsumerJson.COMMIT_INTERVAL)) {
                commitInterval = Optional.of(Duration.ofMillis(setting.getValue()));
            } else {
                properties.put(KAFKA_CLIENTS_NAMES.getOrDefault(setting.getKey(), setting.getKey()),
                        Long.toString(setting.getValue()));
            }
        }
        return new ConsumerOverrides(properties, commitInterval);
    }
}
