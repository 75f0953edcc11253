package io.rkproxy.core.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyPartitionerTest {

    /** kafka-clients 3.9.1's {@code Utils.murmur2} of these keys (its own UtilsTest vectors, and one more). */
    @Test
    void murmur2IsKafkasForKeysOfEveryTailLength() {
        Map<String, Integer> kafka = Map.of("21", -973932308, "foobar", -790332482,
                "a-little-bit-long-string", -985981536, "a-little-bit-longer-string", -1486304829,
                "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971, "abc", 479470107,
                "customer-7", -1283830537);
        kafka.forEach((key, hash) -> assertEquals(hash, KeyPartitioner.murmur2(key.getBytes(StandardCharsets.UTF_8)),
                key));
    }

    @Test
    void aKeysPartitionIsItsPositiveHashModuloThePartitions() {
        assertEquals((-1283830537 & 0x7fffffff) % 7, KeyPartitioner.partition("customer-7".getBytes(
                StandardCharsets.UTF_8), 7));
    }
}
