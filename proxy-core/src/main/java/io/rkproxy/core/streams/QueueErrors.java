package io.rkproxy.core.streams;

/**
 * The K* commands' error texts that a Streams queue shares with a Kafka pool, byte for byte (proxy-kafka's
 * {@code KafkaErrors}; the shared acceptance suite holds the two to the same text).
 */
final class QueueErrors {

    private QueueErrors() {
    }

    static String noGrant(String tenant, String right, String topic) {
        return "NOPERM tenant '" + tenant + "' may not " + right + " topic '" + topic + "'";
    }

    static String readOnly(String tenant) {
        return "NOPERM tenant '" + tenant + "' is read-only";
    }

    static String noPartition(String topic, long partition, int partitions) {
        return "ERR topic '" + topic + "' has no partition " + partition + " (it has " + partitions + ")";
    }

    static String notInteger(String what) {
        return "ERR " + what + " is not an integer or out of range";
    }

    static String badTime() {
        return "ERR time must be -1 (latest), -2 (earliest) or a timestamp in milliseconds";
    }

    static String badCount(int max) {
        return "ERR count must be between 1 and " + max;
    }
}
