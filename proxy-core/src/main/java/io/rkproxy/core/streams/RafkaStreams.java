package io.rkproxy.core.streams;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.QueueCounters;
import io.rkproxy.core.backend.QueueErrors;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.SessionContext;
import io.rkproxy.core.config.KafkaAccess.TopicRight;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.streams.TopicStreams.StreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * rafka's commands on a Streams queue, for one connection of a tenant with {@code rafka: true}: CLIENT SETNAME
 * names the consumer, BLPOP reads for the group {@code <group-prefix><group>} as consumer {@code <group>:<name>}
 * (at least once: an entry stays pending until acked, and comes back after the visibility timeout), RPUSH acks
 * acknowledges, RPUSHX adds (a key picks its partition as Kafka's partitioner does), DUMP waits for the sends,
 * KEYS topics: lists the granted topics, and HGETALL stats / DEL stats show and reset the tenant's counters. Errors
 * are the Kafka pool's rafka texts.
 */
final class RafkaStreams {

    static final String TOPICS = "topics:";
    /**
     * A waiting BLPOP looks for a new entry again after a rest that starts at this and doubles after each pass that
     * found none: the streams are read without blocking a shared link, so an idle consumer costs few commands.
     */
    private static final long FIRST_REST_MS = 50;
    private static final long LONGEST_REST_MS = 1000;
    /** Each pass sends two commands per partition of each topic: the topics of one BLPOP are capped. */
    static final int MAX_TOPICS = 64;

    private final SessionContext session;
    private final BackendPool pool;
    private final StreamQueues queues;
    private final OutstandingSends sends;
    /** The tenant the client id was claimed for, to free it when the connection closes. */
    private String idTenant;
    private StreamReader reader;
    private String consumerId;
    private List<String> consumerTopics;
    private int nextPush;
    private boolean closed;

    /**
     * @param pool   the tenant's redis pool, null while it is not configured
     * @param queues this node's
     * @param sends  the connection's, shared with its KPUSHes
     */
    RafkaStreams(SessionContext session, BackendPool pool, StreamQueues queues, OutstandingSends sends) {
        this.session = session;
        this.pool = pool;
        this.queues = queues;
        this.sends = sends;
    }

    private StreamCalls calls(TenantConfig tenant, ReplyCallback reply) {
        return new StreamCalls(session, pool, tenant, queues.of(tenant), reply);
    }

    /** The forms that are rafka's on a tenant that also has its Redis keys: those on rafka's reserved names. */
    static boolean claims(RespCommand command) {
        boolean hasKey = command.argCount() >= 2;
        return switch (command.name()) {
            case "dump" -> true;
            case "client" -> command.argCount() == 3 && command.argEqualsIgnoreCase(1, "setname")
                    && command.argString(2).contains(":");
            case "blpop", "rpushx", "keys" -> hasKey && command.argString(1).startsWith(TOPICS);
            case "rpush" -> hasKey && command.argEqualsIgnoreCase(1, "acks");
            case "hgetall", "del" -> command.argCount() == 2 && command.argEqualsIgnoreCase(1, "stats");
            default -> false;
        };
    }

    void execute(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        switch (command.name()) {
            case "client" -> setName(tenant, command.argString(2), reply);
            case "blpop" -> blpop(tenant, command, reply);
            case "rpush" -> ack(tenant, command, reply);
            case "rpushx" -> produce(tenant, command, sends.track(reply));
            case "dump" -> dump(command, reply);
            case "keys" -> keys(tenant, command, reply);
            default -> stats(tenant, command, reply);
        }
    }

    private void setName(TenantConfig tenant, String name, ReplyCallback reply) {
        String groupPrefix = tenant.kafka().orElseThrow().groupPrefix();
        if (reader != null) {
            reply.onError("CONS Client ID is already set to " + reader.consumer());
        } else if ((groupPrefix + name).startsWith(TopicStreams.GROUP + ":")) {
            reply.onError("CONS Cannot parse group.id: groups starting with '" + TopicStreams.GROUP
                    + ":' are rkproxy's own");
        } else if (!queues.claimRafkaId(tenant.name(), name)) {
            reply.onError("CONS id " + name + " is already taken");
        } else {
            idTenant = tenant.name();
            reader = new StreamReader(groupPrefix + name.substring(0, name.indexOf(':')), name,
                    StreamConsumerSettings.DEFAULT.groupStart());
            session.clientName(name);
            reply.onReply(RespReplies.ok());
        }
    }

    /** {@code RPUSHX topics:<topic>[:<key>] <message>}: {@code :1} once the entry is in its stream. */
    private void produce(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 3) {
            reply.onError("PROD RPUSHX accepts 2 arguments, got " + (command.argCount() - 1));
            return;
        }
        String[] parts = command.argString(1).split(":", -1);
        if ((parts.length != 2 && parts.length != 3) || !parts[0].equals("topics") || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())) {
            reply.onError("PROD First argument must be in the form of 'topics:<topic>' or 'topics:<topic>:<key>'");
            return;
        }
        StreamCalls call = calls(tenant, new PrefixedErrors(reply, "PROD "));
        TopicStreams topic = TopicStreams.open(tenant, parts[1], TopicRight.PRODUCE, call);
        if (topic != null) {
            int partition = parts.length == 3
                    ? KeyPartitioner.partition(parts[2].getBytes(StandardCharsets.UTF_8), topic.partitions())
                    : Math.floorMod(nextPush++, topic.partitions());
            topic.add(partition, command.argBytes(2), offset -> call.value(new RespValue.Int(1)));
        }
    }

    /** {@code DUMP <timeoutMs>}: {@code :0} once this connection's sends are answered, else the count at timeout. */
    private void dump(RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 2) {
            reply.onError("PROD DUMP accepts 1 argument, got " + (command.argCount() - 1));
            return;
        }
        long timeoutMs;
        try {
            timeoutMs = Long.parseLong(command.argString(1));
        } catch (NumberFormatException e) {
            timeoutMs = -1;
        }
        if (timeoutMs < 0) {
            reply.onError("PROD DUMP timeout must be a non-negative integer of milliseconds, got '"
                    + command.argString(1) + "'");
            return;
        }
        boolean[] answered = {false};
        sends.whenDrained(() -> {
            if (!answered[0]) {
                answered[0] = true;
                reply.onReply(RespReplies.integer(session.alloc(), 0));
            }
        });
        if (!answered[0]) {
            session.loop().schedule(() -> {
                if (!answered[0]) {
                    answered[0] = true;
                    reply.onReply(RespReplies.integer(session.alloc(), sends.count()));
                }
            }, timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    /** {@code KEYS topics:}: the topics the tenant was granted by name, as {@code topics:<name>}, sorted. */
    private void keys(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 2) {
            reply.onError(RespErrors.wrongArgs("keys"));
            return;
        }
        if (!command.argString(1).equals(TOPICS)) {
            reply.onError("ERR Expected argument to be 'topics:', got " + command.argString(1));
            return;
        }
        List<RespValue> out = new ArrayList<>();
        tenant.kafka().orElseThrow().topics().keySet().stream().filter(t -> !t.endsWith("*")).sorted()
                .forEach(t -> out.add(TopicStreams.bulk(TOPICS + t)));
        calls(tenant, reply).value(new RespValue.Array(out));
    }

    /** {@code HGETALL stats}: the tenant's counters on this node; {@code DEL stats}: they restart from 0. */
    private void stats(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        QueueCounters counters = queues.of(tenant).counters;
        if (command.name().equals("del")) {
            counters.reset();
            reply.onReply(RespReplies.integer(session.alloc(), 1));
        } else {
            calls(tenant, reply).value(counters.asReply());
        }
    }

    /** {@code BLPOP topics:<t1>[,<t2>...][:<json>] <timeout>}: the next entry of the connection's consumer. */
    private void blpop(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 3) {
            reply.onError(RespErrors.wrongArgs("blpop"));
            return;
        }
        if (reader == null) {
            reply.onError("CONS Connection not ready. Identify yourself using `CLIENT SETNAME` first");
            return;
        }
        String key = command.argString(1);
        String[] parts = key.split(":", 3);
        if (parts.length < 2 || !parts[0].equals("topics") || parts[1].isEmpty()) {
            reply.onError("CONS Cannot parse topics from `" + key + "`");
            return;
        }
        long timeoutNanos = BlpopTimeout.nanos(command.argString(2), reply);
        if (timeoutNanos < 0) {
            return;
        }
        String requested = reader.consumer() + "|" + key.substring(TOPICS.length());
        if (consumerId != null && !consumerId.equals(requested)) {
            reply.onError("CONS Client '" + reader.consumer() + "' has Consumer '" + consumerId
                    + "' registered (new consID: '" + requested + "')");
            return;
        }
        StreamConsumerSettings settings = StreamConsumerSettings.DEFAULT;
        if (consumerId == null && parts.length == 3) {
            try {
                settings = StreamConsumerSettings.parse(parts[2]);
            } catch (IllegalArgumentException e) {
                reply.onError("CONS Error parsing configuration from '" + parts[2] + "'; " + e.getMessage());
                return;
            }
        }
        List<String> topics = List.copyOf(new LinkedHashSet<>(Arrays.asList(parts[1].split(","))));
        if (topics.size() > MAX_TOPICS) {
            reply.onError("CONS A consumer reads at most " + MAX_TOPICS + " topics, got " + topics.size());
            return;
        }
        KafkaAccess access = tenant.kafka().orElseThrow();
        for (String topic : topics) {
            if (!access.may(topic, TopicRight.CONSUME)) {
                reply.onError(QueueErrors.noGrant(tenant.name(), TopicRight.CONSUME.key(), topic));
                return;
            }
        }
        if (consumerId == null) {
            reader = new StreamReader(reader.group(), reader.consumer(), settings.groupStart());
        }
        consumerId = requested;
        consumerTopics = topics;
        long deadline = timeoutNanos == 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        poll(tenant, calls(tenant, new PrefixedErrors(reply, "CONS consumer failed: ")), 0, deadline,
                FIRST_REST_MS);
    }

    /**
     * Looks at each topic in turn for an entry; with none, again after {@code restMs} (doubled for the pass after,
     * up to {@link #LONGEST_REST_MS}) until the deadline.
     */
    private void poll(TenantConfig tenant, StreamCalls call, int topicIndex, long deadline, long restMs) {
        if (closed) {
            return;
        }
        if (topicIndex == consumerTopics.size()) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0) {
                call.reply().onReply(RespReplies.nullArray(session.protocol()));
            } else {
                long nextRest = Math.min(restMs * 2, LONGEST_REST_MS);
                session.loop().schedule(() -> poll(tenant, call, 0, deadline, nextRest), Math.min(restMs, leftMs),
                        TimeUnit.MILLISECONDS);
            }
            return;
        }
        String name = consumerTopics.get(topicIndex);
        TopicStreams topic = TopicStreams.open(tenant, name, TopicRight.CONSUME, call);
        if (topic == null) {
            return;
        }
        topic.next(0, 1, reader, new TopicStreams.Found() {
            @Override
            public void entries(int partition, List<StreamEntry> entries) {
                StreamEntry entry = entries.get(0);
                call.figures().counters.consumed.increment();
                call.value(new RespValue.Array(List.of(
                        TopicStreams.bulk("topic"), TopicStreams.bulk(name),
                        TopicStreams.bulk("partition"), new RespValue.Int(partition),
                        TopicStreams.bulk("offset"), new RespValue.Int(TopicStreams.offset(entry)),
                        TopicStreams.bulk("value"),
                        entry.value() == null ? RespValue.NULL : new RespValue.Bulk(entry.value()))));
            }

            @Override
            public void none() {
                poll(tenant, call, topicIndex + 1, deadline, restMs);
            }
        });
    }

    /** {@code RPUSH acks <topic>:<partition>:<offset>}: acknowledges the consumer's entries up to that offset. */
    private void ack(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (command.argCount() != 3) {
            reply.onError(RespErrors.wrongArgs("rpush"));
            return;
        }
        String ack = command.argString(2);
        String[] parts = ack.split(":", -1);
        Long partition = parts.length == 3 ? parseLong(parts[1]) : null;
        Long offset = parts.length == 3 ? parseLong(parts[2]) : null;
        String cannotParse = "CONS Cannot parse ack: '" + ack + "'";
        if (partition == null || offset == null || partition < 0 || partition > Integer.MAX_VALUE) {
            reply.onError(cannotParse);
        } else if (consumerTopics == null) {
            reply.onError("CONS No consumer registered for Client " + (reader == null ? "" : reader.consumer()));
        } else if (!consumerTopics.contains(parts[0])) {
            reply.onError(cannotParse);
        } else if (offset < 0) {
            reply.onError("CONS offset cannot be negative, got " + offset);
        } else {
            StreamCalls call = calls(tenant, new PrefixedErrors(reply, "CONS "));
            TopicStreams topic = TopicStreams.open(tenant, parts[0], TopicRight.CONSUME, call);
            if (topic != null && partition < topic.partitions()) {
                topic.acknowledgeUpTo(partition.intValue(), offset, reader, () -> acked(call));
            } else if (topic != null) {
                acked(call);
            }
        }
    }

    private static void acked(StreamCalls call) {
        call.figures().counters.acked.increment();
        call.value(new RespValue.Int(1));
    }

    /** The connection closed: waiting BLPOPs stop, and the client id is free again at once. */
    void close() {
        closed = true;
        if (idTenant != null) {
            queues.releaseRafkaId(idTenant, reader.consumer());
            idTenant = null;
        }
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
