package io.rkproxy.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The JSON consumer config of a rafka {@code BLPOP topics:<t>:<json>}. rafka passes any librdkafka key through;
 * rkproxy accepts a whitelist, with librdkafka's spellings mapped onto kafka-clients' names.
 *
 * @param properties     kafka-clients consumer properties
 * @param commitInterval how often acked offsets are committed, when {@code auto.commit.interval.ms} is given
 */
record ConsumerOverrides(Map<String, String> properties, Optional<Duration> commitInterval) {

    static final ConsumerOverrides NONE = new ConsumerOverrides(Map.of(), Optional.empty());

    /** librdkafka or kafka-clients name, to kafka-clients name, for the numeric settings. */
    private static final Map<String, String> NUMERIC = Map.of(
            "session.timeout.ms", "session.timeout.ms",
            "heartbeat.interval.ms", "heartbeat.interval.ms",
            "max.poll.interval.ms", "max.poll.interval.ms",
            "fetch.min.bytes", "fetch.min.bytes",
            "fetch.max.bytes", "fetch.max.bytes",
            "fetch.wait.max.ms", "fetch.max.wait.ms",
            "fetch.max.wait.ms", "fetch.max.wait.ms",
            "fetch.message.max.bytes", "max.partition.fetch.bytes",
            "max.partition.fetch.bytes", "max.partition.fetch.bytes");
    private static final Map<String, String> OFFSET_RESET = Map.of("smallest", "earliest", "earliest", "earliest",
            "beginning", "earliest", "largest", "latest", "latest", "latest", "end", "latest");
    private static final String COMMIT_INTERVAL = "auto.commit.interval.ms";
    private static final String OFFSET_RESET_KEY = "auto.offset.reset";

    /** @throws IllegalArgumentException saying what is wrong, for the client's error */
    static ConsumerOverrides parse(String json) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        Optional<Duration> commitInterval = Optional.empty();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            String value = String.valueOf(e.getValue());
            if (key.equals(OFFSET_RESET_KEY)) {
                String reset = OFFSET_RESET.get(value);
                if (reset == null) {
                    throw new IllegalArgumentException("'" + value + "' is not a value of " + OFFSET_RESET_KEY
                            + " (use one of " + new TreeSet<>(OFFSET_RESET.keySet()) + ")");
                }
                properties.put(OFFSET_RESET_KEY, reset);
            } else if (key.equals(COMMIT_INTERVAL)) {
                commitInterval = Optional.of(Duration.ofMillis(number(key, value)));
            } else if (NUMERIC.containsKey(key)) {
                properties.put(NUMERIC.get(key), Long.toString(number(key, value)));
            } else {
                Set<String> accepted = new TreeSet<>(NUMERIC.keySet());
                accepted.add(OFFSET_RESET_KEY);
                accepted.add(COMMIT_INTERVAL);
                throw new IllegalArgumentException("'" + key + "' is not a consumer setting rkproxy accepts (accepted: "
                        + String.join(", ", accepted) + ")");
            }
        }
        return new ConsumerOverrides(properties, commitInterval);
    }

    private static long number(String key, String value) {
        try {
            long n = Long.parseLong(value);
            if (n >= 1 && n <= Integer.MAX_VALUE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw new IllegalArgumentException(key + " must be a positive integer, got '" + value + "'");
    }
}
