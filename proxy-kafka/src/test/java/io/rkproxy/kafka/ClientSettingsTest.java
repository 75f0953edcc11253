package io.rkproxy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.KafkaPoolConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The producer settings KPUSH's promise rests on: an acknowledged record is in Kafka once, never twice. */
class ClientSettingsTest {

    @Test
    void thePoolsProducerWaitsForAllReplicasAndIsIdempotent() {
        ProducerConfig producer = new ProducerConfig(ClientSettings.producer(pool(Map.of())));

        assertEquals("-1", producer.getString(ProducerConfig.ACKS_CONFIG));
        assertTrue(producer.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
    }

    /** kafka-clients' default, kept on purpose: an operator's acks=1 weakens the producer instead of breaking it. */
    @Test
    void anOperatorsAcksOneTurnsIdempotenceOffRatherThanFailingThePool() {
        ProducerConfig producer = new ProducerConfig(ClientSettings.producer(pool(Map.of("acks", "1"))));

        assertEquals("1", producer.getString(ProducerConfig.ACKS_CONFIG));
        assertFalse(producer.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
    }

    private static KafkaPoolConfig pool(Map<String, String> producer) {
        return new KafkaPoolConfig("events", List.of(new Address("127.0.0.1", 9092)), Map.of(), producer, Map.of(),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5), 500, 4, 0);
    }
}
