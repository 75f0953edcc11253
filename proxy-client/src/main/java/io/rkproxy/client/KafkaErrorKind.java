package io.rkproxy.client;

import java.util.List;

/**
 * What went wrong, read off the text of rkproxy's error reply to a Kafka command (docs/commands.md, "Kafka pools").
 * rafka's commands put {@code PROD } or {@code CONS Failed to register Consumer: } where the K* commands put
 * {@code ERR }; the kind is the same either way.
 */
public enum KafkaErrorKind {

    /** {@code NOPERM}: the tenant has no grant on the topic for this command, or is read-only and produced. */
    NO_PERMISSION,
    /** Kafka has no such topic. */
    UNKNOWN_TOPIC,
    /** The topic has no such partition, or the partition is not a number. */
    BAD_PARTITION,
    /** The offset is outside the partition's log, or not a number. */
    BAD_OFFSET,
    /** The Kafka pool did not answer in time or failed. Worth a retry. */
    UNAVAILABLE,
    /** The command is not available to this tenant: it has no Kafka pool, or it has only Kafka. */
    NOT_SUPPORTED,
    /** The tenant's {@code max-ops-per-second} or {@code max-request-bytes}. Worth a retry later. */
    TENANT_LIMIT,
    /** Any other error of a rafka consumer ({@code CONS ...}): naming, acks, BLPOP's key. */
    CONSUMER,
    /** Any other error of a rafka producer ({@code PROD ...}). */
    PRODUCER,
    /** Anything else: arguments, MULTI, ... */
    OTHER;

    private static final List<String> PREFIXES = List.of("ERR ", "PROD ", "CONS Failed to register Consumer: ");

    public static KafkaErrorKind of(String message) {
        if (message.startsWith("NOPERM ")) {
            return NO_PERMISSION;
        }
        if (message.startsWith("Command not supported: ") || message.startsWith("ERR unknown command ")) {
            return NOT_SUPPORTED;
        }
        String text = withoutPrefix(message);
        if (text.startsWith("unknown topic '")) {
            return UNKNOWN_TOPIC;
        }
        if (text.startsWith("kafka pool '") && text.contains("' is unavailable: ")) {
            return UNAVAILABLE;
        }
        if (text.startsWith("partition is not an integer") || text.startsWith("topic '")
                && text.contains("' has no partition ")) {
            return BAD_PARTITION;
        }
        if (text.startsWith("offset is not an integer") || text.startsWith("offset ")
                && text.contains(" is out of range for partition ")) {
            return BAD_OFFSET;
        }
        if (text.startsWith("rate limit exceeded") || text.startsWith("request too large")) {
            return TENANT_LIMIT;
        }
        if (message.startsWith("CONS ")) {
            return CONSUMER;
        }
        return message.startsWith("PROD ") ? PRODUCER : OTHER;
    }

    private static String withoutPrefix(String message) {
        for (String prefix : PREFIXES) {
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }
}
