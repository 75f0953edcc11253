package io.rkproxy.bench.devstack;

import io.rkproxy.testkit.KafkaBroker;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A single-node KRaft broker (the testkit's: kafka_2.13 from this classpath in a child JVM, its data in a temporary
 * directory it deletes) with the topics created, and a Kafka-only tenant that may produce to and consume them.
 */
final class KafkaPart implements StackPart {

    private final KafkaBroker broker;
    private final List<Topic> topics;

    private KafkaPart(KafkaBroker broker, List<Topic> topics) {
        this.broker = broker;
        this.topics = List.copyOf(topics);
    }

    static KafkaPart start(int port, List<Topic> topics) {
        KafkaBroker broker = KafkaBroker.start(port);
        try {
            topics.forEach(topic -> broker.createTopic(topic.name(), topic.partitions()));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return new KafkaPart(broker, topics);
    }

    @Override
    public String description() {
        return "Kafka broker (KRaft) on " + broker.bootstrap() + ", topics (name:partitions) " + topics.stream()
                .map(topic -> topic.name() + ":" + topic.partitions()).collect(Collectors.joining(" "));
    }

    @Override
    public void addTo(ConfigSnippet config) {
        config.pool("events", "Kafka broker on " + broker.bootstrap(), "type: kafka",
                "bootstrap: \"" + broker.bootstrap() + "\"");
        String grants = topics.stream().map(topic -> topic.name() + ": [produce, consume]")
                .collect(Collectors.joining(", "));
        config.tenant("feed", "password: feed-secret", "kafka: events", "topics: {" + grants + "}");
    }

    @Override
    public void close() {
        broker.close();
    }
}
