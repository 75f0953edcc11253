package io.rkproxy.core.streams;

import io.rkproxy.core.backend.QueueCounters;
import io.rkproxy.core.backend.QueueErrors;
import io.rkproxy.core.config.KafkaAccess.TopicRight;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.StreamQueue;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * One topic of a Streams queue for one command: its partitions are the streams {@code <key>:<partition>}, read by
 * KPOP's consumer group {@value #GROUP} or a rafka consumer's. Each command's method ends in exactly one reply, or
 * hands over to its caller's {@link Found}.
 */
final class TopicStreams {

    static final String GROUP = "rkproxy.kpop";
    /**
     * Every proxy node reads as one consumer: an entry is acknowledged as soon as it is handed out, so who holds it
     * only matters while it is pending, and XAUTOCLAIM reclaims by idle time whoever that was.
     */
    static final String CONSUMER = "rkproxy";
    /** The most entries one ack acknowledges at once; more stay pending until the visibility timeout. */
    private static final int MAX_ACKS = 10_000;
    private static final byte[] VALUE_FIELD = StreamEntry.VALUE_FIELD.getBytes(StandardCharsets.US_ASCII);

    private final String topic;
    private final String name;
    private final String keyPrefix;
    private final StreamQueue queue;
    private final StreamCalls calls;

    /**
     * The topic {@code name} of the tenant's queue, once the tenant's grant ({@code right}, or any for null) and, for
     * a send, its write right are checked and the pool can serve; null after an error reply.
     */
    static TopicStreams open(TenantConfig tenant, String name, TopicRight right, StreamCalls calls) {
        KafkaAccess access = tenant.kafka().orElseThrow();
        boolean granted = right == null ? access.granted(name) : access.may(name, right);
        if (!granted) {
            calls.reply().onError(QueueErrors.noGrant(tenant.name(), right == null ? "use" : right.key(), name));
            return null;
        }
        if (right == TopicRight.PRODUCE && tenant.readOnly()) {
            calls.reply().onError(QueueErrors.readOnly(tenant.name()));
            return null;
        }
        if (!calls.ready()) {
            return null;
        }
        return new TopicStreams(name, access.kafkaTopic(name), tenant.keyPrefix(), access.streams().orElseThrow(),
                calls);
    }

    /**
     * @param topic     the client's name for it, for error texts
     * @param name      the streams' name in the tenant's keyspace, without the partition
     * @param keyPrefix the tenant's key prefix, on a cluster pool
     */
    private TopicStreams(String topic, String name, String keyPrefix, StreamQueue queue, StreamCalls calls) {
        this.topic = topic;
        this.name = name;
        this.keyPrefix = keyPrefix;
        this.queue = queue;
        this.calls = calls;
    }

    StreamCalls calls() {
        return calls;
    }

    int partitions() {
        return queue.partitions();
    }

    /** Whether {@code partition} (-1 for none named) is one of the topic's; if not, the client is told. */
    boolean hasPartition(long partition) {
        if (partition >= queue.partitions()) {
            calls.reply().onError(QueueErrors.noPartition(topic, partition, queue.partitions()));
            return false;
        }
        return true;
    }

    String stream(int partition) {
        return keyPrefix + name + ":" + partition;
    }

    /**
     * XADD, trimming to about maxlen; {@code added} gets the new entry's offset, empty when its id is past the
     * mapping's limits ({@link StreamOffset}). Counted as a send, unflushed until Redis answers, a delivery error
     * if it refuses or cannot be reached.
     */
    void add(int partition, byte[] value, Consumer<OptionalLong> added) {
        RespCommand xadd = RespCommand.of(bytes("XADD"), bytes(stream(partition)), bytes("MAXLEN"), bytes("~"),
                bytes(Long.toString(queue.maxlen())), bytes("*"), VALUE_FIELD, value);
        QueueCounters counters = calls.figures().counters;
        counters.produced.increment();
        counters.unflushed.increment();
        calls.send(xadd, id -> {
            counters.unflushed.decrement();
            if (id instanceof RespValue.Error error) {
                counters.deliveryErrors.increment();
                calls.reply().onError(error.text());
            } else {
                added.accept(StreamOffset.of(id.asText()));
            }
        });
    }

    /** KPOP's reader: the group every proxy node reads for the tenant, acknowledging each entry it hands out. */
    static final StreamReader KPOP = new StreamReader(GROUP, CONSUMER, StreamConsumerSettings.DEFAULT.groupStart());

    /**
     * A consumer group and the consumer in it that reads.
     *
     * @param groupStart where the group starts reading a stream it is created on: {@code 0} or {@code $}
     */
    record StreamReader(String group, String consumer, String groupStart) {
    }

    /** What {@link #next} found: entries (at least one) of one partition, or none in any partition. */
    interface Found {
        void entries(int partition, List<StreamEntry> entries);

        void none();
    }

    /**
     * Up to {@code count} next entries for {@code reader}, of the first partition from {@code first} that has any:
     * first entries a reader left pending past the visibility timeout (XAUTOCLAIM), else new ones (XREADGROUP). They
     * are then pending for {@code reader} until acknowledged.
     */
    void next(int first, int count, StreamReader reader, Found found) {
        next(first, Integer.toString(count), 0, false, reader, found);
    }

    private void next(int partition, String count, int tried, boolean groupCreated, StreamReader reader,
                      Found found) {
        if (tried == queue.partitions()) {
            found.none();
            return;
        }
        String stream = stream(partition);
        calls.send(RespCommand.of("XAUTOCLAIM", stream, reader.group(), reader.consumer(),
                Long.toString(queue.visibilityTimeoutMs()), "0-0", "COUNT", count), claimed -> {
            if (claimed instanceof RespValue.Error error) {
                if (!groupCreated && error.text().startsWith("NOGROUP")) {
                    createGroup(stream, reader, () -> next(partition, count, tried, true, reader, found));
                } else {
                    calls.reply().onError(error.text());
                }
                return;
            }
            List<StreamEntry> reclaimed = StreamEntry.all(claimed.items().get(1));
            if (!reclaimed.isEmpty()) {
                found.entries(partition, reclaimed);
                return;
            }
            calls.call(RespCommand.of("XREADGROUP", "GROUP", reader.group(), reader.consumer(), "COUNT", count,
                    "STREAMS", stream, ">"), read -> {
                        List<StreamEntry> fresh = read instanceof RespValue.Array streams && !streams.items().isEmpty()
                                ? StreamEntry.all(streams.items().get(0).items().get(1)) : List.of();
                        if (fresh.isEmpty()) {
                            next((partition + 1) % queue.partitions(), count, tried + 1, false, reader, found);
                        } else {
                            found.entries(partition, fresh);
                        }
                    });
        });
    }

    /**
     * KPOP: up to {@code count} next entries as flat triples, acknowledged before the reply, so handed out at most
     * once; nil when none is left. The topic's lag is measured from then on.
     */
    void take(int first, int count) {
        calls.figures().lag.used(name, new TopicStreams(topic, name, keyPrefix, queue, calls.quiet()));
        next(first, count, KPOP, new Found() {
            @Override
            public void entries(int partition, List<StreamEntry> entries) {
                List<String> xack = new ArrayList<>(entries.size() + 3);
                xack.addAll(List.of("XACK", stream(partition), GROUP));
                List<RespValue> flat = new ArrayList<>(entries.size() * 3);
                for (StreamEntry entry : entries) {
                    xack.add(entry.id());
                    flat.addAll(triple(partition, entry));
                }
                calls.call(RespCommand.of(xack.toArray(String[]::new)), acked -> {
                    calls.figures().counters.consumed.add(entries.size());
                    calls.value(new RespValue.Array(flat));
                });
            }

            @Override
            public void none() {
                calls.value(RespValue.NULL);
            }
        });
    }

    /**
     * Acknowledges, for {@code reader}, every entry of {@code partition} it holds up to the one at {@code offset}, as
     * a Kafka commit of that offset would; then {@code then} runs.
     */
    void acknowledgeUpTo(int partition, long offset, StreamReader reader, Runnable then) {
        String stream = stream(partition);
        calls.call(RespCommand.of("XPENDING", stream, reader.group(), "-", StreamOffset.id(offset),
                Integer.toString(MAX_ACKS), reader.consumer()), pending -> {
                    List<String> args = new ArrayList<>(List.of("XACK", stream, reader.group()));
                    pending.items().forEach(p -> args.add(p.items().get(0).asText()));
                    if (args.size() == 3) {
                        then.run();
                    } else {
                        calls.call(RespCommand.of(args.toArray(String[]::new)), acked -> then.run());
                    }
                });
    }

    /** A new group starts at the reader's start: the oldest entry, as a new Kafka group does, or the end. */
    private void createGroup(String stream, StreamReader reader, Runnable then) {
        calls.send(RespCommand.of("XGROUP", "CREATE", stream, reader.group(), reader.groupStart(), "MKSTREAM"),
                created -> {
                    if (created instanceof RespValue.Error error && !error.text().startsWith("BUSYGROUP")) {
                        calls.reply().onError(error.text());
                    } else {
                        then.run();
                    }
                });
    }

    /** XRANGE from the id {@code offset} maps to: up to {@code count} triples, nothing acknowledged. */
    void read(int partition, long offset, int count) {
        calls.call(RespCommand.of("XRANGE", stream(partition), StreamOffset.id(offset), "+", "COUNT",
                Integer.toString(count)), entries -> {
            List<RespValue> flat = new ArrayList<>();
            List<StreamEntry> read = StreamEntry.all(entries);
            read.forEach(e -> flat.addAll(triple(partition, e)));
            calls.figures().counters.consumed.add(read.size());
            calls.value(new RespValue.Array(flat));
        });
    }

    /**
     * {@code [offset, timestamp]}: for -1 the offset after the last entry (0 for an empty stream), for -2 the first
     * entry's (the end's when empty), both with timestamp -1 as Kafka gives them; else the first entry at or after
     * {@code time}, or {@code [-1, -1]} when none is.
     */
    void offsetAt(int partition, long time) {
        String stream = stream(partition);
        if (time == -1) {
            calls.call(RespCommand.of("XREVRANGE", stream, "+", "-", "COUNT", "1"),
                    last -> calls.value(offsetReply(end(last), -1)));
        } else if (time == -2) {
            calls.call(RespCommand.of("XRANGE", stream, "-", "+", "COUNT", "1"), first -> {
                List<StreamEntry> entries = StreamEntry.all(first);
                calls.value(offsetReply(entries.isEmpty() ? 0 : offset(entries.get(0)), -1));
            });
        } else {
            calls.call(RespCommand.of("XRANGE", stream, Long.toString(time), "+", "COUNT", "1"), first -> {
                List<StreamEntry> entries = StreamEntry.all(first);
                long at = entries.isEmpty() ? -1 : offset(entries.get(0));
                calls.value(offsetReply(at, at < 0 ? -1 : StreamOffset.millis(at)));
            });
        }
    }

    void partitionIds() {
        List<RespValue> ids = new ArrayList<>();
        for (int p = 0; p < queue.partitions(); p++) {
            ids.add(new RespValue.Int(p));
        }
        calls.value(new RespValue.Array(ids));
    }

    /**
     * KPARTITION DETAIL in a Kafka pool's shape: no leader (-1) and no replicas, since a stream has neither as
     * Kafka means them; log-start-offset the first entry's offset, log-end-offset the one after the last.
     */
    void describe() {
        List<RespValue> details = new ArrayList<>();
        describe(0, details);
    }

    private void describe(int partition, List<RespValue> details) {
        if (partition == queue.partitions()) {
            calls.value(new RespValue.Array(details));
            return;
        }
        String stream = stream(partition);
        calls.call(RespCommand.of("XRANGE", stream, "-", "+", "COUNT", "1"), first ->
                calls.call(RespCommand.of("XREVRANGE", stream, "+", "-", "COUNT", "1"), last -> {
                    List<StreamEntry> firsts = StreamEntry.all(first);
                    long end = end(last);
                    details.add(new RespValue.Dict(List.of(
                            bulk("partition"), new RespValue.Int(partition),
                            bulk("leader"), new RespValue.Int(-1),
                            bulk("replicas"), new RespValue.Array(List.of()),
                            bulk("isr"), new RespValue.Array(List.of()),
                            bulk("log-start-offset"), new RespValue.Int(firsts.isEmpty() ? end
                                    : offset(firsts.get(0))),
                            bulk("log-end-offset"), new RespValue.Int(end))));
                    describe(partition + 1, details);
                }));
    }

    /** The offset after the last entry of an XREVRANGE ... COUNT 1 reply, 0 for an empty stream. */
    private static long end(RespValue last) {
        List<StreamEntry> entries = StreamEntry.all(last);
        return entries.isEmpty() ? 0 : offset(entries.get(0)) + 1;
    }

    /** An entry's offset; an id past the mapping's limits (see {@link StreamOffset}) reads as -1. */
    static long offset(StreamEntry entry) {
        return StreamOffset.of(entry.id()).orElse(-1);
    }

    static List<RespValue> triple(int partition, StreamEntry entry) {
        return List.of(bulk(partition), bulk(offset(entry)),
                entry.value() == null ? RespValue.NULL : new RespValue.Bulk(entry.value()));
    }

    private static RespValue offsetReply(long offset, long timestamp) {
        return new RespValue.Array(List.of(bulk(offset), bulk(timestamp)));
    }

    static RespValue bulk(long value) {
        return bulk(Long.toString(value));
    }

    static RespValue bulk(String text) {
        return new RespValue.Bulk(bytes(text));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
