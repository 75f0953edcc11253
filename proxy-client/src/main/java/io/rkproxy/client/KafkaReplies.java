package io.rkproxy.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns rkproxy's replies to the Kafka commands into records. A reply is what either client hands over untyped:
 * null for nil, a {@code List} for an array, {@code byte[]} for a bulk string, {@code Long} for an integer. Numbers
 * may come as either of the last two: feeyo's K* replies carry them as bulk strings, rafka's as integers.
 */
final class KafkaReplies {

    private KafkaReplies() {
    }

    static RecordPosition position(Object reply) {
        List<?> items = array(reply, "KPUSH", 2);
        return new RecordPosition(toInt(items.get(0)), toLong(items.get(1)));
    }

    static Optional<KafkaRecord> nextRecord(Object reply) {
        if (reply == null) {
            return Optional.empty();
        }
        List<?> items = array(reply, "KPOP", 3);
        return Optional.of(record(items, 0));
    }

    /** KPOP COUNT: nil when the node holds none, else as {@link #records}. */
    static List<KafkaRecord> batch(Object reply) {
        return reply == null ? List.of() : records(reply);
    }

    /** KPOP by offset: a flat array of partition, offset, value triples. */
    static List<KafkaRecord> records(Object reply) {
        List<?> items = array(reply, "KPOP");
        if (items.size() % 3 != 0) {
            throw unexpected("KPOP", reply);
        }
        List<KafkaRecord> records = new ArrayList<>(items.size() / 3);
        for (int i = 0; i < items.size(); i += 3) {
            records.add(record(items, i));
        }
        return records;
    }

    static List<Integer> partitions(Object reply) {
        return array(reply, "KPARTITIONS").stream().map(KafkaReplies::toInt).toList();
    }

    static KafkaOffset offset(Object reply) {
        List<?> items = array(reply, "KOFFSET", 2);
        return new KafkaOffset(toLong(items.get(0)), toLong(items.get(1)));
    }

    static RafkaMessage rafkaMessage(Object reply) {
        if (reply == null) {
            return null;
        }
        List<?> items = array(reply, "BLPOP", 8);
        return new RafkaMessage(text(items.get(1)), toInt(items.get(3)), toLong(items.get(5)), bytes(items.get(7)));
    }

    private static KafkaRecord record(List<?> items, int at) {
        return new KafkaRecord(toInt(items.get(at)), toLong(items.get(at + 1)), bytes(items.get(at + 2)));
    }

    private static List<?> array(Object reply, String command, int size) {
        List<?> items = array(reply, command);
        if (items.size() != size) {
            throw unexpected(command, reply);
        }
        return items;
    }

    private static List<?> array(Object reply, String command) {
        if (reply instanceof List<?> items) {
            return items;
        }
        throw unexpected(command, reply);
    }

    private static int toInt(Object item) {
        return Math.toIntExact(toLong(item));
    }

    private static long toLong(Object item) {
        if (item instanceof Long number) {
            return number;
        }
        return Long.parseLong(text(item));
    }

    private static String text(Object item) {
        byte[] bytes = bytes(item);
        if (bytes == null) {
            throw new IllegalStateException("rkproxy replied nil where a value was due");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Object item) {
        if (item == null || item instanceof byte[]) {
            return (byte[]) item;
        }
        throw new IllegalStateException("rkproxy replied " + item.getClass().getSimpleName() + " where a bulk "
                + "string was due");
    }

    private static IllegalStateException unexpected(String command, Object reply) {
        return new IllegalStateException("unexpected reply to " + command + ": " + describe(reply));
    }

    private static String describe(Object reply) {
        if (reply instanceof List<?> items) {
            return "an array of " + items.size();
        }
        return reply == null ? "nil" : reply.getClass().getSimpleName();
    }
}
