package io.rkproxy.kafka;

import io.rkproxy.core.config.KafkaPoolConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The kafka-clients properties of a pool's producer, consumers and admin client: rkproxy's defaults, then the operator's. */
final class ClientSettings {

    private static final int DEFAULT_LINGER_MS = 5;

    private ClientSettings() {
    }

    /**
     * acks=all, and every wait bounded by the pool's request timeout: a KPUSH to a dead broker fails within it
     * instead of after kafka-clients' two minutes. Idempotence is kafka-clients' default, on unless the operator's
     * settings conflict with it (acks=1, say): a batch retried after a broker failure is not written twice.
     */
    static Properties producer(KafkaPoolConfig pool) {
        Properties p = common(pool, "producer");
        int timeout = (int) pool.requestTimeout().toMillis();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(DEFAULT_LINGER_MS));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(timeout));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(pool.producer());
        if (!pool.producer().containsKey(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)) {
            long linger = Long.parseLong(p.getProperty(ProducerConfig.LINGER_MS_CONFIG));
            long request = Long.parseLong(p.getProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(linger + request));
        }
        return p;
    }

    /** A numeric producer setting as the producer will have it: the operator's, else kafka-clients' default. */
    static long producerLong(Properties producer, String key) {
        String set = producer.getProperty(key);
        return set != null ? Long.parseLong(set.trim())
                : ((Number) ProducerConfig.configDef().defaultValues().get(key)).longValue();
    }

    /**
     * Bytes of records one connection may have on their way to the brokers: the pool's {@code connection-send-bytes},
     * or a quarter of the producer's {@code buffer.memory}, so that no one connection can fill it.
     */
    static long connectionSendBytes(KafkaPoolConfig pool) {
        return pool.connectionSendBytes() > 0 ? pool.connectionSendBytes()
                : producerLong(producer(pool), ProducerConfig.BUFFER_MEMORY_CONFIG) / 4;
    }

    /** A consumer whose offsets rkproxy commits itself; {@code groupId} null for one that only reads by offset. */
    static Properties consumer(KafkaPoolConfig pool, String groupId, String clientId, Map<String, String> overrides) {
        Properties p = common(pool, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(pool.requestTimeout().toMillis()));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putAll(pool.consumer());
        p.putAll(overrides);
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return p;
    }

    static Properties admin(KafkaPoolConfig pool) {
        Properties p = common(pool, "admin");
        int timeout = (int) pool.requestTimeout().toMillis();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
        return p;
    }

    private static Properties common(KafkaPoolConfig pool, String role) {
        Properties p = new Properties();
        p.put("bootstrap.servers", pool.bootstrapServers());
        p.put("client.id", "rkproxy-" + pool.name() + "-" + role);
        p.putAll(pool.client());
        return p;
    }
}
