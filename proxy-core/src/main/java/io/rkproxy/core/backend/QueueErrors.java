package io.rkproxy.core.backend;

/**
 * The K* commands' error texts, without the leading '-', the same byte for byte on a Kafka pool and a Streams queue
 * (the shared acceptance suite holds both to them). rafka's own texts live with its commands.
 */
public final class QueueErrors {

    /** The most records one KPOP hands out. */
    public static final int MAX_KPOP_COUNT = 10_000;

    /** Whether a KPOP's count (null when not an integer) is 1..{@value #MAX_KPOP_COUNT}; else {@link #badCount}. */
    public static boolean validCount(Long count) {
        return count != null && count >= 1 && count <= MAX_KPOP_COUNT;
    }

    private QueueErrors() {
    }

    public static String noGrant(String tenant, String right, String topic) {
        return "NOPERM tenant '" + tenant + "' may not " + right + " topic '" + topic + "'";
    }

    public static String readOnly(String tenant) {
        return "NOPERM tenant '" + tenant + "' is read-only";
    }

    public static String noPartition(String topic, long partition, int partitions) {
        return "ERR topic '" + topic + "' has no partition " + partition + " (it has " + partitions + ")";
    }

    public static String notInteger(String what) {
        return "ERR " + what + " is not an integer or out of range";
    }

    public static String badTime() {
        return "ERR time must be -1 (latest), -2 (earliest) or a timestamp in milliseconds";
    }

    public static String badCount() {
        return "ERR count must be between 1 and " + MAX_KPOP_COUNT;
    }
}
