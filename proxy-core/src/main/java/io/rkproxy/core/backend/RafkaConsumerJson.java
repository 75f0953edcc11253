package io.rkproxy.core.backend;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The JSON consumer config of a rafka {@code BLPOP topics:<t>:<json>}, checked the same way, with the same error
 * texts, whichever queue backend then applies it. rafka passes any librdkafka key through; rkproxy accepts a
 * whitelist: {@code auto.offset.reset} in librdkafka's and kafka-clients' spellings, and positive integers that tune a
 * Kafka consumer, by either library's name.
 *
 * @param offsetReset {@code earliest} or {@code latest}, when given
 * @param numbers     the numeric settings given, by the name the client used
 */
public record RafkaConsumerJson(Optional<String> offsetReset, Map<String, Long> numbers) {

    public static final RafkaConsumerJson NONE = new RafkaConsumerJson(Optional.empty(), Map.of());
    public static final String OFFSET_RESET = "auto.offset.reset";
    public static final String COMMIT_INTERVAL = "auto.commit.interval.ms";
    /** The numeric settings, librdkafka's spellings as well as kafka-clients'. */
    public static final Set<String> NUMERIC = Set.of("session.timeout.ms", "heartbeat.interval.ms",
            "max.poll.interval.ms", "fetch.min.bytes", "fetch.max.bytes", "fetch.wait.max.ms", "fetch.max.wait.ms",
            "fetch.message.max.bytes", "max.partition.fetch.bytes", COMMIT_INTERVAL);

    private static final Map<String, String> RESETS = Map.of("smallest", "earliest", "earliest", "earliest",
            "beginning", "earliest", "largest", "latest", "latest", "latest", "end", "latest");

    public RafkaConsumerJson {
        numbers = Map.copyOf(numbers);
    }

    /** @throws IllegalArgumentException saying what is wrong, for the client's error */
    public static RafkaConsumerJson parse(String json) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Optional<String> reset = Optional.empty();
        Map<String, Long> numbers = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            String value = String.valueOf(e.getValue());
            if (key.equals(OFFSET_RESET)) {
                reset = Optional.of(reset(value));
            } else if (NUMERIC.contains(key)) {
                numbers.put(key, positive(key, value));
            } else {
                Set<String> accepted = new TreeSet<>(NUMERIC);
                accepted.add(OFFSET_RESET);
                throw new IllegalArgumentException("'" + key + "' is not a consumer setting rkproxy accepts (accepted: "
                        + String.join(", ", accepted) + ")");
            }
        }
        return new RafkaConsumerJson(reset, numbers);
    }

    private static String reset(String value) {
        String reset = RESETS.get(value);
        if (reset == null) {
            throw new IllegalArgumentException("'" + value + "' is not a value of " + OFFSET_RESET + " (use one of "
                    + new TreeSet<>(RESETS.keySet()) + ")");
        }
        return reset;
    }

    private static long positive(String key, String value) {
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
