package io.rkproxy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsumerOverridesTest {

    @Test
    void librdkafkaSpellingsMapOntoKafkaClientsNames() {
        ConsumerOverrides o = ConsumerOverrides.parse("{\"auto.offset.reset\": \"smallest\", "
                + "\"fetch.wait.max.ms\": 50, \"fetch.message.max.bytes\": 65536, \"auto.commit.interval.ms\": 1000}");
        assertEquals(Map.of("auto.offset.reset", "earliest", "fetch.max.wait.ms", "50",
                "max.partition.fetch.bytes", "65536"), o.properties());
        assertEquals(Optional.of(Duration.ofSeconds(1)), o.commitInterval());
        assertEquals("latest", ConsumerOverrides.parse("{\"auto.offset.reset\":\"largest\"}").properties()
                .get("auto.offset.reset"));
    }

    @Test
    void settingsOutsideTheWhitelistAreRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConsumerOverrides.parse("{\"group.id\": \"theirs\"}"));
        assertEquals("'group.id' is not a consumer setting rkproxy accepts (accepted: auto.commit.interval.ms, "
                + "auto.offset.reset, fetch.max.bytes, fetch.max.wait.ms, fetch.message.max.bytes, fetch.min.bytes, "
                + "fetch.wait.max.ms, heartbeat.interval.ms, max.partition.fetch.bytes, max.poll.interval.ms, "
                + "session.timeout.ms)", e.getMessage());
    }

    @Test
    void badValuesAndNonObjectsAreRefused() {
        assertEquals("session.timeout.ms must be a positive integer, got 'soon'", assertThrows(
                IllegalArgumentException.class, () -> ConsumerOverrides.parse("{\"session.timeout.ms\": \"soon\"}"))
                .getMessage());
        assertEquals("'middle' is not a value of auto.offset.reset (use one of [beginning, earliest, end, largest, "
                + "latest, smallest])", assertThrows(IllegalArgumentException.class,
                () -> ConsumerOverrides.parse("{\"auto.offset.reset\": \"middle\"}")).getMessage());
        assertEquals("not a JSON object", assertThrows(IllegalArgumentException.class,
                () -> ConsumerOverrides.parse("[1, 2]")).getMessage());
        assertEquals("not a JSON object", assertThrows(IllegalArgumentException.class,
                () -> ConsumerOverrides.parse("{unclosed")).getMessage());
    }
}
