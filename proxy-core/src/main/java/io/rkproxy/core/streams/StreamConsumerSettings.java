package io.rkproxy.core.streams;

import io.rkproxy.core.backend.RafkaConsumerJson;

/**
 * The JSON consumer config of a rafka {@code BLPOP topics:<t>:<json>} on a Streams queue, checked as the Kafka pool
 * checks it ({@link RafkaConsumerJson}). Only {@code auto.offset.reset} means something on Streams (where a group
 * that does not exist yet starts reading); the other settings tune a Kafka consumer and are accepted and ignored.
 *
 * @param groupStart the id XGROUP CREATE starts a new group at: {@code 0} (the oldest entry) or {@code $} (the end)
 */
record StreamConsumerSettings(String groupStart) {

    static final StreamConsumerSettings DEFAULT = new StreamConsumerSettings("0");

    /** @throws IllegalArgumentException saying what is wrong, for the client's error */
    static StreamConsumerSettings parse(String json) {
        return RafkaConsumerJson.parse(json).offsetReset()
                .map(reset -> new StreamConsumerSettings(reset.equals("latest") ? "$" : "0"))
                .orElse(DEFAULT);
    }
}
