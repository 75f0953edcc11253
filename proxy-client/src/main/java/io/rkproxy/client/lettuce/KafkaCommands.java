package io.rkproxy.client.lettuce;

import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.rkproxy.client.KafkaOffset;
import io.rkproxy.client.KafkaRecord;
import io.rkproxy.client.RecordPosition;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * feeyo's K* commands on a Lettuce connection to rkproxy, synchronously: each waits for its reply for at most the
 * connection's timeout, as Lettuce's own sync commands do. An error reply is a
 * {@link KafkaCommandExecutionException}. See {@link io.rkproxy.client.jedis.KafkaJedis} for what each command does.
 */
public final class KafkaCommands {

    private final StatefulRedisConnection<?, ?> connection;
    private final KafkaAsyncCommands async;

    /** Works with a connection of any codec: these commands bring their own. */
    public KafkaCommands(StatefulRedisConnection<?, ?> connection) {
        this.connection = connection;
        this.async = new KafkaAsyncCommands(connection);
    }

    public RecordPosition kpush(String topic, String value) {
        return await(async.kpush(topic, value));
    }

    public RecordPosition kpush(byte[] topic, byte[] value) {
        return await(async.kpush(topic, value));
    }

    public RecordPosition kpush(String topic, int partition, String value) {
        return await(async.kpush(topic, partition, value));
    }

    public RecordPosition kpush(byte[] topic, int partition, byte[] value) {
        return await(async.kpush(topic, partition, value));
    }

    public Optional<KafkaRecord> kpop(String topic) {
        return await(async.kpop(topic));
    }

    public Optional<KafkaRecord> kpop(byte[] topic) {
        return await(async.kpop(topic));
    }

    public List<KafkaRecord> kpop(String topic, int count) {
        return await(async.kpop(topic, count));
    }

    public List<KafkaRecord> kpop(byte[] topic, int count) {
        return await(async.kpop(topic, count));
    }

    public List<KafkaRecord> kpop(String topic, int partition, long offset, int count) {
        return await(async.kpop(topic, partition, offset, count));
    }

    public List<KafkaRecord> kpop(byte[] topic, int partition, long offset, int count) {
        return await(async.kpop(topic, partition, offset, count));
    }

    public List<Integer> kpartitions(String topic) {
        return await(async.kpartitions(topic));
    }

    public List<Integer> kpartitions(byte[] topic) {
        return await(async.kpartitions(topic));
    }

    public KafkaOffset koffset(String topic, int partition, long time) {
        return await(async.koffset(topic, partition, time));
    }

    public KafkaOffset koffset(byte[] topic, int partition, long time) {
        return await(async.koffset(topic, partition, time));
    }

    private <T> T await(CompletableFuture<T> reply) {
        Duration timeout = connection.getTimeout();
        try {
            return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new RedisException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("Command timed out after " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        }
    }
}
