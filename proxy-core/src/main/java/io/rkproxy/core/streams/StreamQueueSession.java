package io.rkproxy.core.streams;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.KafkaSession;
import io.rkproxy.core.backend.QueueErrors;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.SessionContext;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.KafkaAccess.TopicRight;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.util.List;
import java.util.Set;

/**
 * The queue side of one client connection whose tenant has a Streams queue ({@code queue:}): KPUSH, KPOP, KOFFSET
 * and KPARTITION(S) with a Kafka pool's arguments, checks, replies and errors, run as stream commands on the
 * tenant's own redis pool ({@link TopicStreams}), and with {@code rafka: true} the rafka family
 * ({@link RafkaStreams}). Runs on the connection's event loop.
 */
public final class StreamQueueSession implements KafkaSession {

    private static final Set<String> COMMANDS = Set.of("kpush", "kpop", "kpartition", "kpartitions", "koffset");

    private final SessionContext session;
    private final BackendPool pool;
    private final StreamQueues queues;
    private final OutstandingSends sends = new OutstandingSends();
    private RafkaStreams rafka;
    private int nextPush;
    private int nextPop;

    /**
     * @param pool   the tenant's redis pool, null while it is not configured
     * @param queues this node's
     */
    public StreamQueueSession(SessionContext session, BackendPool pool, StreamQueues queues) {
        this.session = session;
        this.pool = pool;
        this.queues = queues;
    }

    @Override
    public boolean claims(TenantConfig tenant, RespCommand command) {
        return COMMANDS.contains(command.name())
                || tenant.kafka().map(KafkaAccess::rafka).orElse(false) && RafkaStreams.claims(command);
    }

    @Override
    public void execute(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
        if (!COMMANDS.contains(command.name())) {
            if (rafka == null) {
                rafka = new RafkaStreams(session, pool, queues, sends);
            }
            rafka.execute(tenant, command, reply);
            return;
        }
        StreamCalls calls = new StreamCalls(session, pool, tenant, queues.of(tenant),
                command.name().equals("kpush") ? sends.track(reply) : reply);
        switch (command.name()) {
            case "kpush" -> kpush(tenant, command, calls);
            case "kpop" -> kpop(tenant, command, calls);
            case "koffset" -> koffset(tenant, command, calls);
            default -> kpartition(tenant, command, calls);
        }
    }

    /** Stops the connection's waiting BLPOPs; what its consumer read but did not ack is reclaimed later. */
    @Override
    public void close() {
        if (rafka != null) {
            rafka.close();
        }
    }

    /** {@code KPUSH topic [partition] value}: {@code [partition, offset]} once the entry is in the stream. */
    private void kpush(TenantConfig tenant, RespCommand command, StreamCalls calls) {
        if (command.argCount() != 3 && command.argCount() != 4) {
            calls.reply().onError(RespErrors.wrongArgs("kpush"));
            return;
        }
        Long partition = command.argCount() == 4 ? partition(command.argString(2), calls) : Long.valueOf(-1);
        TopicStreams topic = partition == null ? null : topic(tenant, command, TopicRight.PRODUCE, calls);
        if (topic == null || !topic.hasPartition(partition)) {
            return;
        }
        int target = partition >= 0 ? partition.intValue() : Math.floorMod(nextPush++, topic.partitions());
        topic.add(target, command.argBytes(command.argCount() - 1), offset -> {
            if (offset.isPresent()) {
                calls.value(new RespValue.Array(List.of(TopicStreams.bulk(target),
                        TopicStreams.bulk(offset.getAsLong()))));
            } else {
                calls.reply().onError("ERR the entry added to partition " + target + " of topic '"
                        + command.argString(1) + "' has no offset: more than 2^20 entries in one millisecond");
            }
        });
    }

    /**
     * {@code KPOP topic [COUNT n]}: the next entry (up to n, of one partition) for the tenant's consumer group, or
     * nil; {@code KPOP topic partition offset [count]}: up to count entries from that offset, committing nothing.
     */
    private void kpop(TenantConfig tenant, RespCommand command, StreamCalls calls) {
        int args = command.argCount();
        if (args != 2 && args != 4 && args != 5) {
            calls.reply().onError(RespErrors.wrongArgs("kpop"));
            return;
        }
        if (args == 2 || args == 4 && command.argEqualsIgnoreCase(2, "count")) {
            Long count = args == 2 ? Long.valueOf(1) : parseLong(command.argString(3));
            if (!QueueErrors.validCount(count)) {
                calls.reply().onError(QueueErrors.badCount());
                return;
            }
            TopicStreams topic = topic(tenant, command, TopicRight.CONSUME, calls);
            if (topic != null) {
                topic.take(Math.floorMod(nextPop++, topic.partitions()), count.intValue());
            }
            return;
        }
        Long partition = partition(command.argString(2), calls);
        if (partition == null) {
            return;
        }
        Long offset = parseLong(command.argString(3));
        Long count = args == 5 ? parseLong(command.argString(4)) : Long.valueOf(1);
        if (offset == null || offset < 0) {
            calls.reply().onError(QueueErrors.notInteger("offset"));
        } else if (!QueueErrors.validCount(count)) {
            calls.reply().onError(QueueErrors.badCount());
        } else {
            TopicStreams topic = topic(tenant, command, TopicRight.CONSUME, calls);
            if (topic != null && topic.hasPartition(partition)) {
                topic.read(partition.intValue(), offset, count.intValue());
            }
        }
    }

    /** {@code KPARTITION topic [DETAIL]}: the partition ids, or per partition its first and next offsets. */
    private void kpartition(TenantConfig tenant, RespCommand command, StreamCalls calls) {
        boolean detail = command.argCount() == 3 && command.argEqualsIgnoreCase(2, "detail");
        if (command.argCount() != 2 && !detail) {
            calls.reply().onError(command.argCount() == 3 ? RespErrors.syntax()
                    : RespErrors.wrongArgs(command.name()));
            return;
        }
        TopicStreams topic = topic(tenant, command, null, calls);
        if (topic != null) {
            if (detail) {
                topic.describe();
            } else {
                topic.partitionIds();
            }
        }
    }

    /** {@code KOFFSET topic partition time}: {@code [offset, timestamp]}; time -1 is latest, -2 earliest. */
    private void koffset(TenantConfig tenant, RespCommand command, StreamCalls calls) {
        if (command.argCount() != 4) {
            calls.reply().onError(RespErrors.wrongArgs("koffset"));
            return;
        }
        Long partition = partition(command.argString(2), calls);
        if (partition == null) {
            return;
        }
        Long time = parseLong(command.argString(3));
        if (time == null || time < -2) {
            calls.reply().onError(QueueErrors.badTime());
            return;
        }
        TopicStreams topic = topic(tenant, command, null, calls);
        if (topic != null && topic.hasPartition(partition)) {
            topic.offsetAt(partition.intValue(), time);
        }
    }

    private static TopicStreams topic(TenantConfig tenant, RespCommand command, TopicRight right,
                                      StreamCalls calls) {
        return TopicStreams.open(tenant, command.argString(1), right, calls);
    }

    /** A partition argument, or null after the error reply. */
    private static Long partition(String text, StreamCalls calls) {
        Long parsed = parseLong(text);
        if (parsed == null || parsed < 0 || parsed > Integer.MAX_VALUE) {
            calls.reply().onError(QueueErrors.notInteger("partition"));
            return null;
        }
        return parsed;
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
