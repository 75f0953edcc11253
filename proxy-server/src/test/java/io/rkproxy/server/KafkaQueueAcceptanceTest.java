package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.testkit.RespSocket;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link QueueAcceptance} on a Kafka pool (a real KRaft broker). */
class KafkaQueueAcceptanceTest extends QueueAcceptance {

    @RegisterExtension
    static final KafkaProxyExtension kafka = new KafkaProxyExtension(tenants("cache", "kafka: events", true));

    @BeforeAll
    static void topics() {
        for (String name : List.of("orders", "audit", "drain", "times", "rafka", "tally", "tail", "lagging", "batch")) {
            kafka.createTopic(name, PARTITIONS);
        }
    }

    @Override
    RespSocket login(String password) {
        return kafka.login(password);
    }

    @Override
    String topic(String name) {
        return kafka.topic(name);
    }

    @Override
    void assertStoredOnBackend(String topic, int partition, long offset, String value) {
        assertEquals(List.of(value), TopicContents.read(kafka.broker().bootstrap(), topic)
                .valuesAt(List.of(partition + ":" + offset)));
    }

    @Override
    ProxyRuntime runtime() {
        return kafka.proxy().server().runtime();
    }

    @Override
    String partitionsOfATopicNoOneCreated(String topic) {
        return "-ERR unknown topic '" + topic + "'";
    }
}
