package io.rkproxy.kafka;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.QueueCounters;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.KafkaAccess.TopicRight;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * rafka's consumer on one connection: the first {@code BLPOP topics:...} registers it for those topics, every BLPOP
 * waits for its next record, and {@code RPUSH acks ...} marks a record's offset for commit. A connection has at most
 * one consumer, for the topics of its first BLPOP; it counts against the tenant's {@code max-pinned-connections}
 * from that BLPOP until the connection closes.
 */
final class RafkaConsumerCommands {

    private static final int BUFFER = 500;

    private final KafkaCommandSession session;
    private final LoopReplies replies;
    private String consumerId;
    /** The key of the BLPOP that registered {@link #consumerId}: the same key again needs no parsing. */
    private String consumerKey;
    private List<String> consumerTopics;
    private GroupConsumer consumer;
    private List<Blpop> registering;
    /** The client's names of the consumer's Kafka topics, as BLPOP replies them. */
    private final Map<String, byte[]> clientTopics = new HashMap<>();
    private boolean closed;

    RafkaConsumerCommands(KafkaCommandSession session) {
        this.session = session;
        this.replies = session.replies();
    }

    /** {@code BLPOP topics:<topics>[:<config>] <timeout>}; {@code client} is null before CLIENT SETNAME. */
    void blpop(TenantConfig tenant, RafkaClientId client, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 3) {
            replies.error(reply, RespErrors.wrongArgs("blpop"));
            return;
        }
        if (client == null) {
            replies.error(reply, "CONS Connection not ready. Identify yourself using `CLIENT SETNAME` first");
            return;
        }
        String key = command.argString(1);
        boolean registered = key.equals(consumerKey);
        String[] parts = registered ? null : key.split(":", 3);
        if (!registered && (parts.length < 2 || !parts[0].equals("topics") || parts[1].isEmpty())) {
            replies.error(reply, "CONS Cannot parse topics from `" + key + "`");
            return;
        }
        Duration timeout;
        try {
            timeout = timeout(command.argString(2));
        } catch (IllegalArgumentException e) {
            replies.error(reply, e.getMessage());
            return;
        }
        if (session.pool().stopping()) {
            replies.error(reply, "CONS " + KafkaPool.SERVER_SHUTDOWN);
            return;
        }
        if (registered) {
            if (consumer == null) {
                registering.add(new Blpop(timeout, reply));
            } else {
                await(tenant, timeout, reply);
            }
            return;
        }
        String requested = client.name() + "|" + key.substring(RafkaConnection.TOPICS.length());
        if (consumerId != null) {
            // the same topics would be the same key, which took the path above
            replies.error(reply, "CONS Client '" + client.name() + "' has Consumer '" + consumerId
                    + "' registered (new consID: '" + requested + "')");
            return;
        }
        ConsumerOverrides overrides;
        try {
            overrides = parts.length == 3 ? ConsumerOverrides.parse(parts[2]) : ConsumerOverrides.NONE;
        } catch (IllegalArgumentException e) {
            replies.error(reply, "CONS Error parsing configuration from '" + parts[2] + "'; " + e.getMessage());
            return;
        }
        Optional<String> refused = session.context().pin(tenant, "a rafka consumer needs one");
        if (refused.isPresent()) {
            replies.error(reply, refused.get());
            return;
        }
        consumerId = requested;
        consumerKey = key;
        consumerTopics = List.of(parts[1].split(","));
        registering = new ArrayList<>();
        registering.add(new Blpop(timeout, reply));
        register(tenant, client, overrides, 0);
    }

    /** A BLPOP waiting for the connection's first BLPOP to check its topics and create the consumer. */
    private record Blpop(Duration timeout, ReplyCallback reply) {
    }

    /** Checks the grant and existence of each topic from {@code index} on, then creates the consumer. */
    private void register(TenantConfig tenant, RafkaClientId client, ConsumerOverrides overrides, int index) {
        if (closed) {
            return;
        }
        if (index < consumerTopics.size()) {
            session.withTopic(tenant, consumerTopics.get(index), TopicRight.CONSUME,
                    "CONS Failed to register Consumer: ", registrationFailure(),
                    d -> register(tenant, client, overrides, index + 1));
            return;
        }
        KafkaAccess access = tenant.kafka().orElseThrow();
        KafkaPool pool = session.pool();
        consumer = new GroupConsumer(client.name(),
                ClientSettings.consumer(pool.config(), client.group(), client.name(), overrides.properties()),
                consumerTopics.stream().map(access::kafkaTopic).toList(), false, BUFFER,
                overrides.commitInterval().orElse(pool.config().commitInterval()), pool.config().requestTimeout());
        pool.start(consumer);
        List<Blpop> waiting = registering;
        registering = null;
        waiting.forEach(b -> await(tenant, b.timeout(), b.reply()));
    }

    /** A failed registration fails every BLPOP waiting on it, and leaves the connection free to try other topics. */
    private ReplyCallback registrationFailure() {
        return new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                frame.release();
                throw new IllegalStateException("a topic check replies only errors");
            }

            @Override
            public void onError(String redisError) {
                List<Blpop> waiting = registering;
                registering = null;
                consumerId = null;
                consumerKey = null;
                consumerTopics = null;
                session.context().unpin();
                waiting.forEach(b -> b.reply().onError(redisError));
            }
        };
    }

    /**
     * Waits for the consumer's next record. The timeout is only scheduled when no record was at hand: most BLPOPs
     * under load get theirs at once, and scheduling and cancelling a timer per record cost more than the rest.
     */
    private void await(TenantConfig tenant, Duration timeout, ReplyCallback reply) {
        Waiter waiter = new Waiter(tenant, reply);
        consumer.await(waiter);
        if (!timeout.isZero() && !waiter.taken()) {
            // a record handed over from now until the timer is set finds no timer to cancel; it then fires for nothing
            waiter.expiry = session.context().loop().schedule(() -> {
                if (waiter.claim()) {
                    replies.nullArray(reply);
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** One BLPOP waiting for a record: answered once, by a record, an error or its timeout. */
    private final class Waiter implements ConsumerBuffer.Waiter {
        private final AtomicBoolean taken = new AtomicBoolean();
        private final KafkaAccess access;
        private final QueueCounters stats;
        private final ReplyCallback reply;
        volatile Future<?> expiry;

        Waiter(TenantConfig tenant, ReplyCallback reply) {
            this.access = tenant.kafka().orElseThrow();
            this.stats = session.pool().stats(tenant.name());
            this.reply = reply;
        }

        @Override
        public boolean claim() {
            return taken.compareAndSet(false, true);
        }

        @Override
        public boolean taken() {
            return taken.get();
        }

        @Override
        public void onRecord(ConsumerRecord<byte[], byte[]> record) {
            cancelExpiry();
            stats.consumed.increment();
            replies.frame(reply, s -> RecordReplies.blpop(s.alloc(), clientTopic(access, record.topic()), record,
                    s.protocol()));
        }

        @Override
        public void onError(String error) {
            cancelExpiry();
            replies.error(reply, "CONS " + error);
        }

        private void cancelExpiry() {
            Future<?> timer = expiry;
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /** The client's name of a Kafka topic, UTF-8; on the event loop, which alone touches the cache. */
    private byte[] clientTopic(KafkaAccess access, String kafkaTopic) {
        return clientTopics.computeIfAbsent(kafkaTopic,
                t -> access.clientTopic(t).orElse(t).getBytes(StandardCharsets.UTF_8));
    }

    /** Seconds, fractions allowed; 0 waits for ever. */
    private static Duration timeout(String text) {
        double seconds;
        try {
            seconds = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ERR timeout is not a float or out of range");
        }
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds > 1e9) {
            throw new IllegalArgumentException("ERR timeout is not a float or out of range");
        }
        if (seconds < 0) {
            throw new IllegalArgumentException("ERR timeout is negative");
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    /**
     * {@code RPUSH acks <topic>:<partition>:<offset>}: the offset after it will be committed. As in rafka, the ack is
     * parsed before the consumer is looked for.
     */
    void ack(TenantConfig tenant, RafkaClientId client, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 3) {
            replies.error(reply, RespErrors.wrongArgs("rpush"));
            return;
        }
        if (!command.argEqualsIgnoreCase(1, "acks")) {
            replies.error(reply, "CONS You can only RPUSH to the 'acks' key");
            return;
        }
        String ack = command.argString(2);
        // <topic>:<partition>:<offset>, exactly two colons; parsed without split, as it comes once per record
        int second = ack.lastIndexOf(':');
        int first = second > 0 ? ack.lastIndexOf(':', second - 1) : -1;
        boolean threeParts = first >= 0 && ack.indexOf(':') == first;
        String topicPart = threeParts ? ack.substring(0, first) : null;
        Long partition = threeParts ? FeeyoCommands.parseLong(ack.substring(first + 1, second)) : null;
        Long offset = threeParts ? FeeyoCommands.parseLong(ack.substring(second + 1)) : null;
        String cannotParse = "CONS Cannot parse ack: '" + ack + "'";
        if (partition == null || offset == null || partition < 0 || partition > Integer.MAX_VALUE) {
            replies.error(reply, cannotParse);
            return;
        }
        if (consumer == null) {
            replies.error(reply, "CONS No consumer registered for Client " + (client == null ? "" : client.name()));
            return;
        }
        if (!consumerTopics.contains(topicPart)) {
            replies.error(reply, cannotParse);
            return;
        }
        if (offset < 0) {
            replies.error(reply, "CONS offset cannot be negative, got " + offset);
            return;
        }
        String topic = tenant.kafka().orElseThrow().kafkaTopic(topicPart);
        consumer.ack(new TopicPartition(topic, partition.intValue()), offset + 1);
        session.pool().stats(tenant.name()).acked.increment();
        replies.integer(reply, 1);
    }

    /** The connection closed: the consumer commits what was acked and leaves its group. */
    void close() {
        closed = true;
        session.context().unpin();
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }
}
