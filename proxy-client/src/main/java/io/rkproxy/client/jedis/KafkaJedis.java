package io.rkproxy.client.jedis;

import io.rkproxy.client.KafkaCall;
import io.rkproxy.client.KafkaOffset;
import io.rkproxy.client.KafkaRecord;
import io.rkproxy.client.RecordPosition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.util.Pool;

/**
 * A Jedis connection to rkproxy that also runs feeyo's K* commands, with typed results. An error reply to one of
 * them is a {@link KafkaCommandException}. Not thread-safe, as Jedis; {@link KafkaJedisPool} keeps a pool of them.
 */
public class KafkaJedis extends Jedis {

    /** Connects and authenticates at once. */
    public KafkaJedis(HostAndPort node, JedisClientConfig config) {
        super(node, config);
    }

    /** Sends {@code value} to the partition Kafka's partitioner picks; returns once the broker acknowledged it. */
    public RecordPosition kpush(String topic, String value) {
        return kpush(utf8(topic), utf8(value));
    }

    public RecordPosition kpush(byte[] topic, byte[] value) {
        return call(KafkaCall.kpush(topic, value));
    }

    public RecordPosition kpush(String topic, int partition, String value) {
        return kpush(utf8(topic), partition, utf8(value));
    }

    public RecordPosition kpush(byte[] topic, int partition, byte[] value) {
        return call(KafkaCall.kpush(topic, partition, value));
    }

    /**
     * The next record of the tenant's consumer group on this proxy node, or empty when the node holds none right
     * now (the first calls on a node are empty while its group member joins). Delivery is at most once.
     */
    public Optional<KafkaRecord> kpop(String topic) {
        return kpop(utf8(topic));
    }

    public Optional<KafkaRecord> kpop(byte[] topic) {
        return call(KafkaCall.kpop(topic));
    }

    /**
     * Up to {@code count} (1..10000) records of the tenant's consumer group that this proxy node holds right now, in
     * one round trip; empty when it holds none. Delivery is at most once, as {@link #kpop(String)}.
     */
    public List<KafkaRecord> kpop(String topic, int count) {
        return kpop(utf8(topic), count);
    }

    public List<KafkaRecord> kpop(byte[] topic, int count) {
        return call(KafkaCall.kpop(topic, count));
    }

    /**
     * Up to {@code count} (1..10000) records of a partition from {@code offset} on; empty at the log's end. Nothing
     * is committed: the application keeps its offsets.
     */
    public List<KafkaRecord> kpop(String topic, int partition, long offset, int count) {
        return kpop(utf8(topic), partition, offset, count);
    }

    public List<KafkaRecord> kpop(byte[] topic, int partition, long offset, int count) {
        return call(KafkaCall.kpop(topic, partition, offset, count));
    }

    /** The topic's partition ids. */
    public List<Integer> kpartitions(String topic) {
        return kpartitions(utf8(topic));
    }

    public List<Integer> kpartitions(byte[] topic) {
        return call(KafkaCall.kpartitions(topic));
    }

    /**
     * The offset for {@code time}: {@link KafkaOffset#LATEST}, {@link KafkaOffset#EARLIEST}, or a timestamp in
     * milliseconds for the first record at or after it.
     */
    public KafkaOffset koffset(String topic, int partition, long time) {
        return koffset(utf8(topic), partition, time);
    }

    public KafkaOffset koffset(byte[] topic, int partition, long time) {
        return call(KafkaCall.koffset(topic, partition, time));
    }

    private <T> T call(KafkaCall<T> call) {
        ProtocolCommand command = call::nameBytes;
        Object reply = KafkaCommandException.translating(
                () -> sendCommand(command, call.args().toArray(byte[][]::new)));
        return call.decode(reply);
    }

    /** Makes {@link #close()} give this connection back to {@code pool}, as JedisPool does for its Jedis. */
    @SuppressWarnings("unchecked")
    void returnTo(Pool<KafkaJedis> pool) {
        // Jedis types its pool Pool<Jedis>; it only ever hands this very object back to it
        setDataSource((Pool<Jedis>) (Pool<?>) pool);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
