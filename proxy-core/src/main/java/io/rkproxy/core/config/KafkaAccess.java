package io.rkproxy.core.config;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a tenant may do with its queue topics: on its Kafka pool ({@code kafka:}), or on Redis Streams in its own
 * redis pool ({@code queue:}); the grants read the same for both.
 *
 * @param pool        the {@code type: kafka} pool, or for a Streams queue the tenant's redis pool
 * @param topics      the client-side topic names the tenant was granted, and what it may do with each; a name that
 *                    ends in {@code *} grants every topic that starts with what comes before it
 * @param topicPrefix prepended to the client's topic name to give Kafka's: "shop." maps "orders" to "shop.orders"
 * @param groupPrefix prepended to the consumer groups rafka clients name, so tenants' groups stay apart
 * @param rafka       whether the rafka command family (BLPOP topics:, RPUSHX topics:, RPUSH acks, DUMP ...) is on
 * @param streams     present when the topics are Redis Streams rather than Kafka topics
 */
public record KafkaAccess(String pool, Map<String, Set<TopicRight>> topics, String topicPrefix, String groupPrefix,
                          boolean rafka, Optional<StreamQueue> streams) {

    /** Kafka's own rule for topic names. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    /** Ends a grant that covers every topic starting with what comes before it: {@code orders.*}. */
    private static final String WILDCARD = "*";

    /** What a grant allows on one topic. */
    public enum TopicRight {
        PRODUCE, CONSUME;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public KafkaAccess {
        Map<String, Set<TopicRight>> copy = new LinkedHashMap<>();
        topics.forEach((topic, rights) -> copy.put(topic, Set.copyOf(rights)));
        topics = Map.copyOf(copy);
    }

    public boolean may(String topic, TopicRight right) {
        return rights(topic).contains(right);
    }

    /** Whether the tenant may do anything at all on {@code topic}. */
    public boolean granted(String topic) {
        return !rights(topic).isEmpty();
    }

    /** The rights of {@code topic}'s own grant, with those of every prefix grant that covers it. */
    private Set<TopicRight> rights(String topic) {
        if (topic.contains(WILDCARD)) {
            return Set.of();
        }
        Set<TopicRight> rights = EnumSet.noneOf(TopicRight.class);
        topics.forEach((grant, granted) -> {
            if (grant.equals(topic) || grant.endsWith(WILDCARD)
                    && topic.startsWith(grant.substring(0, grant.length() - WILDCARD.length()))) {
                rights.addAll(granted);
            }
        });
        return rights;
    }

    /** Kafka's name for the client's {@code topic}. */
    public String kafkaTopic(String topic) {
        return topicPrefix + topic;
    }

    /** The client's name for Kafka's {@code topic}, when the tenant was granted it. */
    public Optional<String> clientTopic(String kafkaTopic) {
        if (!kafkaTopic.startsWith(topicPrefix)) {
            return Optional.empty();
        }
        String topic = kafkaTopic.substring(topicPrefix.length());
        return granted(topic) ? Optional.of(topic) : Optional.empty();
    }

    /**
     * Reads the queue keys of a tenant entry ({@code kafka:} or {@code queue:}, and the grants); {@code redisPool},
     * null without one, decides whether rafka is on by default and is where a Streams queue lives.
     */
    static Optional<KafkaAccess> read(String tenant, ConfigNode node, String redisPool) {
        String kafkaPool = node.string("kafka", null);
        Optional<StreamQueue> streams = StreamQueue.read(node, redisPool);
        ConfigNode grants = node.child("topics");
        if (kafkaPool == null && streams.isEmpty()) {
            for (String key : new String[] {"topics", "topic-prefix", "group-prefix", "rafka"}) {
                if (node.has(key)) {
                    node.problem(key, "applies only to a tenant with a kafka pool or a queue");
                }
            }
            return Optional.empty();
        }
        if (kafkaPool != null && streams.isPresent()) {
            node.problem("queue", "a tenant has one queue backend: 'kafka:' or 'queue:', not both");
        }
        String pool = kafkaPool != null ? kafkaPool : streams.get().pool();
        String topicPrefix = node.string("topic-prefix", "");
        if (!topicPrefix.isEmpty() && !TOPIC.matcher(topicPrefix).matches()) {
            node.problem("topic-prefix", "'" + topicPrefix + "' may hold only letters, digits, '.', '_' and '-'");
        }
        String groupPrefix = node.string("group-prefix", tenant + ".");
        boolean rafka = node.bool("rafka", redisPool == null);
        Map<String, Set<TopicRight>> topics = new LinkedHashMap<>();
        for (String topic : grants.keys()) {
            String named = topic.endsWith(WILDCARD) ? topic.substring(0, topic.length() - WILDCARD.length()) : topic;
            if (!(named.isEmpty() && topic.endsWith(WILDCARD)) && !TOPIC.matcher(topicPrefix + named).matches()) {
                grants.problem(topic, "'" + topicPrefix + topic + "' is not a valid Kafka topic name"
                        + (topic.endsWith(WILDCARD) ? " prefix" : ""));
            }
            Set<TopicRight> rights = EnumSet.noneOf(TopicRight.class);
            List<String> listed = grants.stringList(topic);
            for (String right : listed) {
                switch (right) {
                    case "produce" -> rights.add(TopicRight.PRODUCE);
                    case "consume" -> rights.add(TopicRight.CONSUME);
                    default -> grants.problem(topic, "unknown right '" + right + "' (use produce, consume)");
                }
            }
            if (listed.isEmpty()) {
                grants.problem(topic, "grants nothing: list produce, consume or both");
            }
            topics.put(topic, rights);
        }
        return Optional.of(new KafkaAccess(pool, topics, topicPrefix, groupPrefix, rafka,
                kafkaPool != null ? Optional.empty() : streams));
    }
}
