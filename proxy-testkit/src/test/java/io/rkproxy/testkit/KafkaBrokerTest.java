package io.rkproxy.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void sharedBrokerTakesARecordAndGivesItBackToAConsumerGroup() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        assertSame(broker, KafkaBroker.shared());
        assertEquals("127.0.0.1:" + broker.port(), broker.bootstrap());
        broker.createTopic("greetings", 2);

        RecordMetadata sent = send(broker, "greetings", "k1", "hello");
        assertEquals("greetings", sent.topic());

        Map<String, Object> config = consumerConfig(broker);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "greeters");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of("greetings"));
            assertEquals(List.of("k1=hello@" + sent.partition()), poll(consumer, 1));
            consumer.commitSync();
        }
    }

    @Test
    void unknownTopicIsNotCreated() {
        KafkaBroker broker = KafkaBroker.shared();
        Map<String, Object> config = producerConfig(broker);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>("no-such-topic", "k", "v")).get(10, TimeUnit.SECONDS);
            fail("a record to an unknown topic was accepted");
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            assertTrue(String.valueOf(cause.getMessage()).contains("not present in metadata"), cause.toString());
        } catch (Exception e) {
            fail(e);
        }
    }

    @Test
    void recordsSurviveARestartAndCloseDeletesTheDirectory() throws Exception {
        Path dir;
        try (KafkaBroker broker = KafkaBroker.start()) {
            dir = broker.dir();
            assertTrue(Files.isDirectory(dir));
            broker.createTopic("durable", 2);
            RecordMetadata sent = send(broker, "durable", "k", "kept");
            int port = broker.port();

            broker.restart();

            assertEquals(port, broker.port());
            assertEquals(List.of("k=kept@" + sent.partition()), readAll(broker, "durable", 2, 1));
            // the restarted broker takes new records too
            send(broker, "durable", "k", "after");
            assertEquals(List.of("k=kept@" + sent.partition(), "k=after@" + sent.partition()),
                    readAll(broker, "durable", 2, 2));
        }
        assertFalse(Files.exists(dir));
    }

    private static RecordMetadata send(KafkaBroker broker, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker))) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads a topic from the beginning without a consumer group. */
    private static List<String> readAll(KafkaBroker broker, String topic, int partitions, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(broker))) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            return poll(consumer, expected);
        }
    }

    private static List<String> poll(KafkaConsumer<String, String> consumer, int expected) {
        List<String> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (records.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                records.add(r.key() + "=" + r.value() + "@" + r.partition());
            }
        }
        return records;
    }

    private static Map<String, Object> producerConfig(KafkaBroker broker) {
        return new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    private static Map<String, Object> consumerConfig(KafkaBroker broker) {
        return new java.util.HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }
}
