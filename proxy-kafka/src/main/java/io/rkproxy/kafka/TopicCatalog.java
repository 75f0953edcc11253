package io.rkproxy.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the proxy knows of the pool's topics. Descriptions of the topics clients use are cached and reloaded in the
 * background, so a command finds its topic's partitions without a round trip; a topic seen for the first time is
 * described asynchronously. Nothing here blocks.
 */
final class TopicCatalog {

    private static final Logger log = LoggerFactory.getLogger(TopicCatalog.class);

    private final Admin admin;
    private final Consumer<String> onDeleted;
    private final Map<String, TopicDescription> known = new ConcurrentHashMap<>();

    /** @param onDeleted told each topic a refresh found gone */
    TopicCatalog(Admin admin, Consumer<String> onDeleted) {
        this.admin = admin;
        this.onDeleted = onDeleted;
    }

    /** The cached description of a topic, or null when it has to be asked for. */
    TopicDescription cached(String topic) {
        return known.get(topic);
    }

    /**
     * Asks Kafka for a topic the cache does not hold, and caches it; fails with
     * {@link UnknownTopicOrPartitionException} when there is no such topic.
     */
    CompletionStage<TopicDescription> describe(String topic) {
        return admin.describeTopics(List.of(topic)).allTopicNames().toCompletionStage().thenApply(all -> {
            TopicDescription description = all.get(topic);
            known.put(topic, description);
            return description;
        });
    }

    /** Every topic of the cluster, internal ones aside. */
    CompletionStage<Set<String>> names() {
        return admin.listTopics().names().toCompletionStage();
    }

    /** The offsets of {@code spec} for each partition. */
    CompletionStage<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> offsets(
            Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        return admin.listOffsets(request).all().toCompletionStage();
    }

    /** Reloads every cached description, dropping deleted topics; called off the event loops. */
    void refresh() {
        if (known.isEmpty()) {
            return;
        }
        admin.describeTopics(Set.copyOf(known.keySet())).topicNameValues().forEach((topic, future) ->
                future.whenComplete((description, error) -> {
                    if (description != null) {
                        known.put(topic, description);
                    } else if (error instanceof UnknownTopicOrPartitionException) {
                        log.info("topic '{}' no longer exists", topic);
                        known.remove(topic);
                        onDeleted.accept(topic);
                    }
                }));
    }
}
