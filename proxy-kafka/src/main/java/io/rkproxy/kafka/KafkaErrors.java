package io.rkproxy.kafka;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;

/** The error texts of the Kafka commands, without the leading '-'. rafka's own texts live with its commands. */
final class KafkaErrors {

    private KafkaErrors() {
    }

    static String noGrant(String tenant, String right, String topic) {
        return "NOPERM tenant '" + tenant + "' may not " + right + " topic '" + topic + "'";
    }

    static String readOnly(String tenant) {
        return "NOPERM tenant '" + tenant + "' is read-only";
    }

    /** Without a prefix: the K* commands put ERR before it, rafka's PROD or CONS. */
    static String unknownTopic(String topic) {
        return "unknown topic '" + topic + "'";
    }

    static String noPartition(String topic, int partition, int partitions) {
        return "topic '" + topic + "' has no partition " + partition + " (it has " + partitions + ")";
    }

    static String notInteger(String what) {
        return "ERR " + what + " is not an integer or out of range";
    }

    /** A failure of the broker or of the way to it, with its cause; without a prefix, as {@link #unknownTopic}. */
    static String unavailable(String pool, Throwable cause) {
        Throwable root = rootOf(cause);
        String why = root instanceof TimeoutException ? "timed out: " + root.getMessage()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return "kafka pool '" + pool + "' is unavailable: " + why;
    }

    /** The failure itself, out of the wrappers futures put around it. */
    static Throwable rootOf(Throwable failure) {
        Throwable root = failure;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }
}
