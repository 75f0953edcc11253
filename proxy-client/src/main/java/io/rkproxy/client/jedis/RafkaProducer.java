package io.rkproxy.client.jedis;

import static io.rkproxy.client.jedis.KafkaCommandException.translating;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;

/**
 * A rafka producer on a connection of its own: {@code RPUSHX topics:<topic>[:<key>] <message>}, which rkproxy
 * acknowledges once its producer has the record, before the broker has it; {@link #flush} waits for the broker.
 * DUMP counts the sends of its connection only, hence one connection for both. Thread-safe.
 */
public final class RafkaProducer implements AutoCloseable {

    private final Jedis jedis;
    /**
     * How long one DUMP may wait: half the socket timeout, so that its reply comes well before the socket gives
     * up. A longer flush sends several.
     */
    private final long maxDumpWaitMs;

    /** Connects and authenticates at once. */
    public RafkaProducer(HostAndPort node, JedisClientConfig config) {
        this.jedis = new Jedis(node, config);
        int socketTimeoutMs = config.getSocketTimeoutMillis();
        this.maxDumpWaitMs = socketTimeoutMs == 0 ? Long.MAX_VALUE : Math.max(1, socketTimeoutMs / 2);
    }

    /** Sends {@code message} to the partition Kafka's partitioner picks. */
    public void send(String topic, String message) {
        send(topic, utf8(message));
    }

    public void send(String topic, byte[] message) {
        push(utf8("topics:" + topic), message);
    }

    /** Sends {@code message} with a key: messages with one key go to one partition. */
    public void send(String topic, String key, String message) {
        send(topic, utf8(key), utf8(message));
    }

    public void send(String topic, byte[] key, byte[] message) {
        byte[] prefix = utf8("topics:" + topic + ":");
        byte[] listKey = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, listKey, prefix.length, key.length);
        push(listKey, message);
    }

    private synchronized void push(byte[] listKey, byte[] message) {
        translating(() -> jedis.rpushx(listKey, message));
    }

    /**
     * Waits until the broker has acknowledged every message sent so far, or failed it (rkproxy counts failures in
     * its {@code producer.delivery.errors} stat), or {@code timeout} passed. Returns the number of sends still
     * unfinished: 0 when all are done.
     */
    public synchronized long flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long remainingMs = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            long waitMs = Math.min(remainingMs, maxDumpWaitMs);
            long unfinished = translating(() -> (Long) jedis.sendCommand(Protocol.Command.DUMP, Long.toString(waitMs)));
            if (unfinished == 0 || remainingMs == waitMs) {
                return unfinished;
            }
        }
    }

    @Override
    public synchronized void close() {
        jedis.close();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
