package io.rkproxy.client.lettuce;

import io.lettuce.core.RedisCommandExecutionException;
import io.rkproxy.client.KafkaErrorKind;

/** rkproxy's error reply to a Kafka command, with the server's message and its {@link KafkaErrorKind}. */
public class KafkaCommandExecutionException extends RedisCommandExecutionException {

    private final KafkaErrorKind kind;

    public KafkaCommandExecutionException(String message, Throwable cause) {
        super(message, cause);
        this.kind = KafkaErrorKind.of(message);
    }

    public KafkaErrorKind kind() {
        return kind;
    }
}
