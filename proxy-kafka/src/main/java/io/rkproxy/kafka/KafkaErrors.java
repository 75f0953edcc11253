package io.rkproxy.kafka;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The error texts only a Kafka pool gives, without the leading '-'; those a Streams queue gives too are core's
 * {@code QueueErrors}. rafka's own texts live with its commands.
 */
final class KafkaErrors {

    private KafkaErrors() {
    }

    /** Without a prefix: the K* commands put ERR before it, rafka's PROD or CONS. */
    static String unknownTopic(String topic) {
        return "unknown topic '" + topic + "'";
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
