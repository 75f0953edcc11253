package io.rkproxy.client.jedis;

import io.rkproxy.client.KafkaErrorKind;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisDataException;

/** rkproxy's error reply to a Kafka command, with the server's message and its {@link KafkaErrorKind}. */
public class KafkaCommandException extends JedisDataException {

    private final KafkaErrorKind kind;

    public KafkaCommandException(String message, Throwable cause) {
        super(message, cause);
        this.kind = KafkaErrorKind.of(message);
    }

    public KafkaErrorKind kind() {
        return kind;
    }

    /** Runs a command on a Jedis connection, turning an error reply into this exception. */
    static <T> T translating(Supplier<T> command) {
        try {
            return command.get();
        } catch (KafkaCommandException e) {
            throw e;
        } catch (JedisDataException e) {
            throw new KafkaCommandException(e.getMessage(), e);
        }
    }
}
