package io.rkproxy.core.streams;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The JSON consumer config of a rafka {@code BLPOP topics:<t>:<json>} on a Streams queue: the Kafka pool's
 * whitelist, checked the same way with the same error texts. Only {@code auto.offset.reset} means something on
 * Streams (where a group that does not exist yet starts reading); the other settings tune a Kafka consumer and are
 * accepted and ignored.
 *
 * @param groupStart the id XGROUP CREATE starts a new group at: {@code 0} (the oldest entry) or {@code $} (the end)
 */
record StreamConsumerSettings(String groupStart) {

    static final StreamConsumerSettings DEFAULT = new StreamConsumerSettings("0");

    private static final Set<String> EARLIEST = Set.of("smallest", "earliest", "beginning");
    private static final Set<String> LATEST = Set.of("largest", "latest", "end");
    private static final String OFFSET_RESET = "auto.offset.reset";
    private static final String COMMIT_INTERVAL = "auto.commit.interval.ms";
    /** Positive integers that tune a Kafka consumer; librdkafka's spellings as well as kafka-clients'. */
    private static final List<String> NUMERIC = List.of("session.timeout.ms", "heartbeat.interval.ms",
            "max.poll.interval.ms", "fetch.min.bytes", "fetch.max.bytes", "fetch.wait.max.ms", "fetch.max.wait.ms",
            "fetch.message.max.bytes", "max.partition.fetch.bytes", COMMIT_INTERVAL);

    /** @throws IllegalArgumentException saying what is wrong, for the client's error */
    static StreamConsumerSettings parse(String json) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String start = DEFAULT.groupStart();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            String value = String.valueOf(e.getValue());
            if (key.equals(OFFSET_RESET)) {
                start = groupStart(value);
            } else if (NUMERIC.contains(key)) {
                checkPositive(key, value);
            } else {
                Set<String> accepted = new TreeSet<>(NUMERIC);
                accepted.add(OFFSET_RESET);
                throw new IllegalArgumentException("'" + key + "' is not a consumer setting rkproxy accepts (accepted: "
                        + String.join(", ", accepted) + ")");
            }
        }
        return new StreamConsumerSettings(start);
    }

    private static String groupStart(String reset) {
        if (EARLIEST.contains(reset)) {
            return "0";
        }
        if (LATEST.contains(reset)) {
            return "$";
        }
        Set<String> values = new TreeSet<>(EARLIEST);
        values.addAll(LATEST);
        throw new IllegalArgumentException("'" + reset + "' is not a value of " + OFFSET_RESET + " (use one of "
                + values + ")");
    }

    private static void checkPositive(String key, String value) {
        try {
            long n = Long.parseLong(value);
            if (n >= 1 && n <= Integer.MAX_VALUE) {
                return;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw new IllegalArgumentException(key + " must be a positive integer, got '" + value + "'");
    }
}
