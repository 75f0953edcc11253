package io.rkproxy.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** One record read with KPOP; {@code value} is null for a record without one (a tombstone). */
public record KafkaRecord(int partition, long offset, byte[] value) {

    /** The value as UTF-8 text. */
    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** Equal when partition, offset and the value's bytes are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaRecord r && partition == r.partition && offset == r.offset
                && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partition, offset, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "KafkaRecord[partition=" + partition + ", offset=" + offset + ", value=" + valueAsString() + "]";
    }
}
