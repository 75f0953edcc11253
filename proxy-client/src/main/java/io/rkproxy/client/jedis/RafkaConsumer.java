package io.rkproxy.client.jedis;

import static io.rkproxy.client.jedis.KafkaCommandException.translating;

import io.rkproxy.client.RafkaMessage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;

/**
 * A rafka consumer: on a connection of its own it sends {@code CLIENT SETNAME <group>:<name>}, then loops on
 * {@code BLPOP topics:<t1>,<t2>... <timeout>}, hands each message to the handler and acknowledges it with
 * {@code RPUSH acks <topic>:<partition>:<offset>} once the handler has returned. rkproxy commits what was acked.
 *
 * <p>{@link #run()} runs the loop on the caller's thread until {@link #stop()} or {@link #close()}. A handler that
 * throws ends the loop: its message is not acked, and the connection closes, so the group hands the message to
 * another member (or to this one again when it reconnects).
 */
public final class RafkaConsumer implements AutoCloseable {

    private final HostAndPort node;
    private final JedisClientConfig config;
    private final String id;
    private final String key;
    private final Duration pollTimeout;
    private final Consumer<RafkaMessage> handler;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean running = true;

    private RafkaConsumer(Builder builder, Consumer<RafkaMessage> handler) {
        this.node = builder.node;
        this.config = builder.config;
        this.id = builder.group + ":" + builder.name;
        this.key = "topics:" + String.join(",", builder.topics);
        this.pollTimeout = builder.pollTimeout;
        this.handler = handler;
    }

    public static Builder builder(HostAndPort node, JedisClientConfig config) {
        return new Builder(node, config);
    }

    /**
     * Connects and consumes until stopped; does nothing once stopped. Throws what the handler threw, or a
     * {@link KafkaCommandException} for an error reply (for one, {@code CONS id <id> is already taken} while
     * another connection uses the name).
     */
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("consumer " + id + " ran already");
        }
        try {
            if (running) {
                consume();
            }
        } finally {
            finished.countDown();
        }
    }

    private void consume() {
        try (Jedis jedis = new Jedis(node, config)) {
            // BLPOP holds the reply back for up to the poll timeout; the socket must wait that long and more
            jedis.getConnection().setSoTimeout(config.getSocketTimeoutMillis() + (int) pollTimeout.toMillis());
            translating(() -> jedis.clientSetname(id));
            String seconds = Double.toString(pollTimeout.toMillis() / 1000.0);
            while (running) {
                RafkaMessage message = RafkaMessage.fromBlpopReply(
                        translating(() -> jedis.sendCommand(Protocol.Command.BLPOP, key, seconds)));
                if (message != null) {
                    handler.accept(message);
                    translating(() -> jedis.rpush("acks", message.ack()));
                }
            }
        }
    }

    /** Asks the loop to end after the current BLPOP (at most the poll timeout) and the message it may bring. */
    public void stop() {
        running = false;
    }

    /** Stops and waits until the loop has ended and its connection is closed. */
    @Override
    public void close() {
        stop();
        if (started.get()) {
            try {
                finished.await(pollTimeout.toMillis() + config.getSocketTimeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What a consumer reads, and as whom. */
    public static final class Builder {

        private final HostAndPort node;
        private final JedisClientConfig config;
        private String group;
        private String name;
        private List<String> topics = List.of();
        private Duration pollTimeout = Duration.ofSeconds(1);

        private Builder(HostAndPort node, JedisClientConfig config) {
            this.node = node;
            this.config = config;
        }

        /** The consumer group (rkproxy puts the tenant's {@code group-prefix} in front). */
        public Builder group(String group) {
            this.group = group;
            return this;
        }

        /** This consumer's name within the group; unique per tenant and proxy node while it is connected. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder topics(String... topics) {
            this.topics = List.of(topics);
            return this;
        }

        /** How long one BLPOP waits for a message, and so how soon {@link #stop()} takes effect. Default 1 s. */
        public Builder pollTimeout(Duration pollTimeout) {
            if (pollTimeout.isZero() || pollTimeout.isNegative()) {
                throw new IllegalArgumentException("the poll timeout must be positive: " + pollTimeout);
            }
            this.pollTimeout = pollTimeout;
            return this;
        }

        public RafkaConsumer build(Consumer<RafkaMessage> handler) {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(name, "name");
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("a consumer needs at least one topic");
            }
            return new RafkaConsumer(this, Objects.requireNonNull(handler, "handler"));
        }
    }
}
