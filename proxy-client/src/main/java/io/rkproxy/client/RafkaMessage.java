package io.rkproxy.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** One message a rafka consumer received with BLPOP. */
public record RafkaMessage(String topic, int partition, long offset, byte[] value) {

    /** Decodes BLPOP's 8-element reply ({@code "topic", t, "partition", p, "offset", o, "value", v}); null for nil. */
    public static RafkaMessage fromBlpopReply(Object reply) {
        return KafkaReplies.rafkaMessage(reply);
    }

    /** The value as UTF-8 text. */
    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** What {@code RPUSH acks} takes to acknowledge this message: {@code <topic>:<partition>:<offset>}. */
    public String ack() {
        return topic + ":" + partition + ":" + offset;
    }

    /** Equal when topic, partition, offset and the value's bytes are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RafkaMessage m && topic.equals(m.topic) && partition == m.partition && offset == m.offset
                && Arrays.equals(value, m.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "RafkaMessage[topic=" + topic + ", partition=" + partition + ", offset=" + offset + ", value="
                + valueAsString() + "]";
    }
}
