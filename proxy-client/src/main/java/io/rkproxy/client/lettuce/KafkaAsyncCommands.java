package io.rkproxy.client.lettuce;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.rkproxy.client.KafkaCall;
import io.rkproxy.client.KafkaOffset;
import io.rkproxy.client.KafkaRecord;
import io.rkproxy.client.RecordPosition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * feeyo's K* commands on a Lettuce connection to rkproxy, asynchronously, with typed results. An error reply
 * completes the future with a {@link KafkaCommandExecutionException}. The commands share the connection with
 * whatever else the application sends on it, in order. See {@link io.rkproxy.client.jedis.KafkaJedis} for what
 * each command does.
 */
public final class KafkaAsyncCommands {

    private final StatefulRedisConnection<byte[], byte[]> connection;

    /** Works with a connection of any codec: these commands bring their own. */
    @SuppressWarnings("unchecked")
    public KafkaAsyncCommands(StatefulRedisConnection<?, ?> connection) {
        // the codec of a dispatched command is its arguments' and output's; the connection's plays no part
        this.connection = (StatefulRedisConnection<byte[], byte[]>) connection;
    }

    public CompletableFuture<RecordPosition> kpush(String topic, String value) {
        return kpush(utf8(topic), utf8(value));
    }

    public CompletableFuture<RecordPosition> kpush(byte[] topic, byte[] value) {
        return call(KafkaCall.kpush(topic, value));
    }

    public CompletableFuture<RecordPosition> kpush(String topic, int partition, String value) {
        return kpush(utf8(topic), partition, utf8(value));
    }

    public CompletableFuture<RecordPosition> kpush(byte[] topic, int partition, byte[] value) {
        return call(KafkaCall.kpush(topic, partition, value));
    }

    public CompletableFuture<Optional<KafkaRecord>> kpop(String topic) {
        return kpop(utf8(topic));
    }

    public CompletableFuture<Optional<KafkaRecord>> kpop(byte[] topic) {
        return call(KafkaCall.kpop(topic));
    }

    /** Up to {@code count} records of the tenant's group that the node holds right now; empty when none. */
    public CompletableFuture<List<KafkaRecord>> kpop(String topic, int count) {
        return kpop(utf8(topic), count);
    }

    public CompletableFuture<List<KafkaRecord>> kpop(byte[] topic, int count) {
        return call(KafkaCall.kpop(topic, count));
    }

    public CompletableFuture<List<KafkaRecord>> kpop(String topic, int partition, long offset, int count) {
        return kpop(utf8(topic), partition, offset, count);
    }

    public CompletableFuture<List<KafkaRecord>> kpop(byte[] topic, int partition, long offset, int count) {
        return call(KafkaCall.kpop(topic, partition, offset, count));
    }

    public CompletableFuture<List<Integer>> kpartitions(String topic) {
        return kpartitions(utf8(topic));
    }

    public CompletableFuture<List<Integer>> kpartitions(byte[] topic) {
        return call(KafkaCall.kpartitions(topic));
    }

    public CompletableFuture<KafkaOffset> koffset(String topic, int partition, long time) {
        return koffset(utf8(topic), partition, time);
    }

    public CompletableFuture<KafkaOffset> koffset(byte[] topic, int partition, long time) {
        return call(KafkaCall.koffset(topic, partition, time));
    }

    private <T> CompletableFuture<T> call(KafkaCall<T> call) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
        call.args().forEach(args::add);
        return connection.async().dispatch(new Keyword(call.name()), new KafkaReplyOutput(), args)
                .toCompletableFuture()
                .handle((reply, error) -> {
                    if (error != null) {
                        throw translated(error);
                    }
                    return call.decode(reply);
                });
    }

    private static RuntimeException translated(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof RedisCommandExecutionException e) {
            return new KafkaCommandExecutionException(e.getMessage(), e);
        }
        return cause instanceof RuntimeException e ? e : new CompletionException(cause);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record Keyword(String name) implements ProtocolKeyword {

        @Override
        public byte[] getBytes() {
            return name.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
