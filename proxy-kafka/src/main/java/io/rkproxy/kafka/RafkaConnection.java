package io.rkproxy.kafka;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.KafkaAccess.TopicRight;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * rafka v0.6.2's commands on one connection: its client id ({@code CLIENT SETNAME group:name}), its consumer
 * ({@code BLPOP topics:...}, {@code RPUSH acks ...}), its sends ({@code RPUSHX topics:...}, {@code DUMP}) and the
 * tenant's stats and topic list. Error texts are rafka's, byte for byte, since its clients dispatch on them.
 */
final class RafkaConnection {

    private static final String TOPICS = "topics:";
    private static final int BUFFER = 500;

    private final KafkaCommandSession session;
    private final LoopReplies replies;
    private String tenant;
    private String id;
    private String group;
    private String consumerId;
    private List<String> consumerTopics;
    private GroupConsumer consumer;
    private List<Blpop> registering;
    private boolean closed;

    RafkaConnection(KafkaCommandSession session) {
        this.session = session;
        this.replies = session.replies();
    }

    /**
     * Whether a command is rafka's. For a tenant with only Kafka, every command of the family is; for one that also
     * has Redis, only the forms on rafka's reserved names are (topics:*, acks, stats, DUMP, a group:name client id).
     */
    static boolean claims(RespCommand command, boolean kafkaOnly) {
        boolean hasKey = command.argCount() >= 2;
        return switch (command.name()) {
            case "dump" -> true;
            case "client" -> hasKey && command.argEqualsIgnoreCase(1, "setname")
                    && (kafkaOnly || command.argCount() == 3 && command.argString(2).contains(":"));
            case "blpop", "rpushx", "keys" -> kafkaOnly || hasKey && command.argString(1).startsWith(TOPICS);
            case "rpush" -> kafkaOnly || hasKey && command.argEqualsIgnoreCase(1, "acks");
            case "hgetall", "del" -> kafkaOnly || command.argCount() == 2 && command.argEqualsIgnoreCase(1, "stats");
            default -> false;
        };
    }

    void execute(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        switch (command.name()) {
            case "client" -> setName(tenant, command, reply);
            case "blpop" -> blpop(tenant, command, reply);
            case "rpush" -> ack(tenant, command, reply);
            case "rpushx" -> produce(tenant, command, reply);
            case "dump" -> dump(command, reply);
            case "keys" -> keys(tenant, command, reply);
            default -> stats(tenant, command, reply);
        }
    }

    private void setName(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 3) {
            replies.error(reply, RespErrors.wrongArgs("client|setname"));
            return;
        }
        String name = command.argString(2);
        int colon = name.indexOf(':');
        if (id != null) {
            replies.error(reply, "CONS Client ID is already set to " + id);
        } else if (colon < 0) {
            replies.error(reply, "CONS Cannot parse group.id");
        } else if ((tenant.kafka().orElseThrow().groupPrefix() + name).startsWith(KpopGroups.GROUP_PREFIX)) {
            replies.error(reply, "CONS Cannot parse group.id: groups starting with '" + KpopGroups.GROUP_PREFIX
                    + "' are rkproxy's own");
        } else if (!session.pool().claimRafkaId(tenant.name(), name)) {
            replies.error(reply, "CONS id " + name + " is already taken");
        } else {
            this.tenant = tenant.name();
            this.id = name;
            this.group = tenant.kafka().orElseThrow().groupPrefix() + name.substring(0, colon);
            session.context().clientName(name);
            replies.value(reply, new RespValue.Simple("OK"));
        }
    }

    private void blpop(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 3) {
            replies.error(reply, RespErrors.wrongArgs("blpop"));
            return;
        }
        if (id == null) {
            replies.error(reply, "CONS Connection not ready. Identify yourself using `CLIENT SETNAME` first");
            return;
        }
        String key = command.argString(1);
        String[] parts = key.split(":", 3);
        if (parts.length < 2 || !parts[0].equals("topics") || parts[1].isEmpty()) {
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
        String requested = id + "|" + key.substring(TOPICS.length());
        if (consumerId != null && !consumerId.equals(requested)) {
            replies.error(reply, "CONS Client '" + id + "' has Consumer '" + consumerId + "' registered (new consID: '"
                    + requested + "')");
            return;
        }
        if (consumerId == null) {
            ConsumerOverrides overrides;
            try {
                overrides = parts.length == 3 ? ConsumerOverrides.parse(parts[2]) : ConsumerOverrides.NONE;
            } catch (IllegalArgumentException e) {
                replies.error(reply, "CONS Error parsing configuration from '" + parts[2] + "'; " + e.getMessage());
                return;
            }
            consumerId = requested;
            consumerTopics = List.of(parts[1].split(","));
            registering = new ArrayList<>();
            registering.add(new Blpop(timeout, reply));
            register(tenant, overrides, 0);
        } else if (consumer == null) {
            registering.add(new Blpop(timeout, reply));
        } else {
            await(tenant, timeout, reply);
        }
    }

    /** A BLPOP waiting for the connection's first BLPOP to check its topics and create the consumer. */
    private record Blpop(Duration timeout, ReplyCallback reply) {
    }

    /** Checks the grant and existence of each topic from {@code index} on, then creates the consumer. */
    private void register(TenantConfig tenant, ConsumerOverrides overrides, int index) {
        if (closed) {
            return;
        }
        if (index < consumerTopics.size()) {
            session.withTopic(tenant, consumerTopics.get(index), TopicRight.CONSUME,
                    "CONS Failed to register Consumer: ", registrationFailure(),
                    d -> register(tenant, overrides, index + 1));
            return;
        }
        KafkaAccess access = tenant.kafka().orElseThrow();
        KafkaPool pool = session.pool();
        consumer = new GroupConsumer(id, ClientSettings.consumer(pool.config(), group, id, overrides.properties()),
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
                consumerTopics = null;
                waiting.forEach(b -> b.reply().onError(redisError));
            }
        };
    }

    private void await(TenantConfig tenant, Duration timeout, ReplyCallback reply) {
        KafkaAccess access = tenant.kafka().orElseThrow();
        TenantKafkaStats stats = session.pool().stats(tenant.name());
        AtomicBoolean taken = new AtomicBoolean();
        consumer.await(new GroupConsumer.Waiter() {
            @Override
            public boolean claim() {
                return taken.compareAndSet(false, true);
            }

            @Override
            public void onRecord(ConsumerRecord<byte[], byte[]> record) {
                stats.consumed.increment();
                String topic = access.clientTopic(record.topic()).orElse(record.topic());
                replies.value(reply, new RespValue.Array(List.of(
                        bulk("topic"), bulk(topic), bulk("partition"), new RespValue.Int(record.partition()),
                        bulk("offset"), new RespValue.Int(record.offset()), bulk("value"),
                        record.value() == null ? RespValue.NULL : new RespValue.Bulk(record.value()))));
            }

            @Override
            public void onError(String error) {
                replies.error(reply, "CONS " + error);
            }
        });
        if (!timeout.isZero()) {
            session.context().loop().schedule(() -> {
                if (taken.compareAndSet(false, true)) {
                    replies.nullArray(reply);
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
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
    private void ack(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 3) {
            replies.error(reply, RespErrors.wrongArgs("rpush"));
            return;
        }
        if (!command.argEqualsIgnoreCase(1, "acks")) {
            replies.error(reply, "CONS You can only RPUSH to the 'acks' key");
            return;
        }
        String ack = command.argString(2);
        String[] parts = ack.split(":", -1);
        Long partition = parts.length == 3 ? FeeyoCommands.parseLong(parts[1]) : null;
        Long offset = parts.length == 3 ? FeeyoCommands.parseLong(parts[2]) : null;
        String cannotParse = "CONS Cannot parse ack: '" + ack + "'";
        if (partition == null || offset == null || partition < 0 || partition > Integer.MAX_VALUE) {
            replies.error(reply, cannotParse);
            return;
        }
        if (consumer == null) {
            replies.error(reply, "CONS No consumer registered for Client " + (id == null ? "" : id));
            return;
        }
        if (!consumerTopics.contains(parts[0])) {
            replies.error(reply, cannotParse);
            return;
        }
        if (offset < 0) {
            replies.error(reply, "CONS offset cannot be negative, got " + offset);
            return;
        }
        String topic = tenant.kafka().orElseThrow().kafkaTopic(parts[0]);
        consumer.ack(new TopicPartition(topic, partition.intValue()), offset + 1);
        session.pool().stats(tenant.name()).acked.increment();
        replies.integer(reply, 1);
    }

    /** {@code RPUSHX topics:<topic>[:<key>] <message>}: {@code :1} once the producer has it. */
    private void produce(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 3) {
            replies.error(reply, "PROD RPUSHX accepts 2 arguments, got " + (command.argCount() - 1));
            return;
        }
        String[] parts = command.argString(1).split(":", -1);
        if ((parts.length != 2 && parts.length != 3) || !parts[0].equals("topics") || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())) {
            replies.error(reply, "PROD First argument must be in the form of 'topics:<topic>' or "
                    + "'topics:<topic>:<key>'");
            return;
        }
        byte[] key = parts.length == 3 ? parts[2].getBytes(StandardCharsets.UTF_8) : null;
        byte[] value = command.argBytes(2);
        session.withTopic(tenant, parts[1], TopicRight.PRODUCE, "PROD ", reply, description ->
                session.produce(tenant, new ProducerRecord<>(description.name(), key, value), error -> {
                    if (error != null) {
                        replies.error(reply, "PROD " + error.getMessage());
                    } else {
                        replies.integer(reply, 1);
                    }
                }, null));
    }

    /** {@code DUMP <timeoutMs>}: waits for this connection's sends; replies how many are still outstanding. */
    private void dump(RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 2) {
            replies.error(reply, "PROD DUMP accepts 1 argument, got " + (command.argCount() - 1));
            return;
        }
        Long timeoutMs = FeeyoCommands.parseLong(command.argString(1));
        if (timeoutMs == null || timeoutMs < 0) {
            replies.error(reply, "PROD DUMP timeout must be a non-negative integer of milliseconds, got '"
                    + command.argString(1) + "'");
            return;
        }
        OutstandingSends outstanding = session.outstanding();
        AtomicBoolean answered = new AtomicBoolean();
        outstanding.whenDrained(() -> {
            if (answered.compareAndSet(false, true)) {
                replies.integer(reply, 0);
            }
        });
        if (!answered.get()) {
            session.context().loop().schedule(() -> {
                if (answered.compareAndSet(false, true)) {
                    replies.integer(reply, outstanding.count());
                }
            }, timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    /** {@code KEYS topics:}: the topics of Kafka's the tenant was granted, as {@code topics:<name>}. */
    private void keys(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 2) {
            replies.error(reply, RespErrors.wrongArgs("keys"));
            return;
        }
        if (!command.argString(1).equals(TOPICS)) {
            replies.error(reply, "ERR Expected argument to be 'topics:', got " + command.argString(1));
            return;
        }
        KafkaAccess access = tenant.kafka().orElseThrow();
        session.pool().catalog().names().whenComplete((names, error) -> {
            if (error != null) {
                replies.error(reply, "ERR " + KafkaErrors.unavailable(session.pool().config().name(), error));
                return;
            }
            List<RespValue> out = new ArrayList<>();
            names.stream().sorted().map(access::clientTopic).flatMap(Optional::stream)
                    .forEach(t -> out.add(bulk(TOPICS + t)));
            replies.value(reply, new RespValue.Array(out));
        });
    }

    /** {@code HGETALL stats} and {@code DEL stats}, over the tenant's own counters. */
    private void stats(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 2) {
            replies.error(reply, RespErrors.wrongArgs(command.name()));
            return;
        }
        if (!command.argEqualsIgnoreCase(1, "stats")) {
            replies.error(reply, "ERR Expected key to be 'stats', got " + command.argString(1).toUpperCase(Locale.ROOT));
            return;
        }
        TenantKafkaStats stats = session.pool().stats(tenant.name());
        if (command.name().equals("del")) {
            stats.reset();
            replies.integer(reply, 1);
        } else {
            replies.value(reply, stats.asReply());
        }
    }

    /** The connection closed: the id is free at once; the consumer commits what was acked and leaves its group. */
    void close() {
        closed = true;
        if (id != null) {
            session.pool().releaseRafkaId(tenant, id);
            id = null;
        }
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }

    private static RespValue bulk(String text) {
        return new RespValue.Bulk(text.getBytes(StandardCharsets.UTF_8));
    }
}
