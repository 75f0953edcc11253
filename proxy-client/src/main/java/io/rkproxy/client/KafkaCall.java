package io.rkproxy.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One K* command as rkproxy takes it: the name, the arguments and how the reply becomes a result. The Jedis and
 * Lettuce clients both send these, so they agree on the wire format and share the reply parsing.
 *
 * @param <T> the result
 */
public final class KafkaCall<T> {

    private final String name;
    private final List<byte[]> args;
    private final Function<Object, T> decoder;

    private KafkaCall(String name, List<byte[]> args, Function<Object, T> decoder) {
        this.name = name;
        this.args = args;
        this.decoder = decoder;
    }

    public static KafkaCall<RecordPosition> kpush(byte[] topic, byte[] value) {
        return new KafkaCall<>("KPUSH", List.of(topic, value), KafkaReplies::position);
    }

    /** The partition goes between the topic and the value, where feeyo's KPUSH takes it. */
    public static KafkaCall<RecordPosition> kpush(byte[] topic, int partition, byte[] value) {
        return new KafkaCall<>("KPUSH", List.of(topic, number(partition), value), KafkaReplies::position);
    }

    public static KafkaCall<Optional<KafkaRecord>> kpop(byte[] topic) {
        return new KafkaCall<>("KPOP", List.of(topic), KafkaReplies::nextRecord);
    }

    public static KafkaCall<List<KafkaRecord>> kpop(byte[] topic, int count) {
        return new KafkaCall<>("KPOP", List.of(topic, "COUNT".getBytes(StandardCharsets.US_ASCII), number(count)),
                KafkaReplies::batch);
    }

    public static KafkaCall<List<KafkaRecord>> kpop(byte[] topic, int partition, long offset, int count) {
        return new KafkaCall<>("KPOP", List.of(topic, number(partition), number(offset), number(count)),
                KafkaReplies::records);
    }

    public static KafkaCall<List<Integer>> kpartitions(byte[] topic) {
        return new KafkaCall<>("KPARTITIONS", List.of(topic), KafkaReplies::partitions);
    }

    public static KafkaCall<KafkaOffset> koffset(byte[] topic, int partition, long time) {
        return new KafkaCall<>("KOFFSET", List.of(topic, number(partition), number(time)), KafkaReplies::offset);
    }

    public String name() {
        return name;
    }

    public byte[] nameBytes() {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /** The arguments after the command name. */
    public List<byte[]> args() {
        return args;
    }

    /** The result of the reply; see {@link KafkaReplies} for what a reply may be. */
    public T decode(Object reply) {
        return decoder.apply(reply);
    }

    private static byte[] number(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
