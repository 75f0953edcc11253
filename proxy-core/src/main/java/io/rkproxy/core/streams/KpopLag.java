package io.rkproxy.core.streams;

import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.PartitionLag;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * What KPOP's group has yet to read of one tenant's topics, as XINFO GROUPS gives it ({@code lag}, Redis 7.0 on):
 * measured every {@link #MEASURE_MS} for each topic this node served a KPOP of in the last {@link #IDLE_MS}, as a
 * Kafka pool measures its KPOP members until they leave; at most {@link #MAX_TOPICS} topics of a tenant, since a
 * prefix grant lets it name topics without end and each costs the shared backend a call per partition. The group
 * is shared by all proxy nodes, so the figure is the same on each.
 */
final class KpopLag {

    static final long MEASURE_MS = 5_000;
    static final long IDLE_MS = 60_000;
    static final int MAX_TOPICS = 32;

    /** One topic being measured: -1 for a partition whose lag the backend did not give. */
    private static final class Topic {
        final AtomicLongArray lags;
        volatile long lastUsedNanos = System.nanoTime();
        volatile TopicStreams streams;

        Topic(TopicStreams streams) {
            this.streams = streams;
            this.lags = new AtomicLongArray(streams.partitions());
            for (int p = 0; p < lags.length(); p++) {
                lags.set(p, -1);
            }
        }
    }

    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Supplier<BackendPool> currentPool;

    /** @param currentPool the pool the tenant's queue is on in the config in force */
    KpopLag(Supplier<BackendPool> currentPool) {
        this.currentPool = currentPool;
    }

    /**
     * A KPOP of {@code topic} (its name in the tenant's keyspace) ran; {@code streams} sends on a session's loop with
     * a reply nobody reads. The first one starts measuring it.
     */
    void used(String topic, TopicStreams streams) {
        if (topics.size() >= MAX_TOPICS && !topics.containsKey(topic)) {
            return;
        }
        boolean[] started = {false};
        Topic measured = topics.compute(topic, (name, old) -> {
            if (old == null || old.lags.length() != streams.partitions()) {
                started[0] = true;
                return new Topic(streams);
            }
            old.lastUsedNanos = System.nanoTime();
            old.streams = streams;
            return old;
        });
        if (started[0]) {
            measure(topic, measured);
        }
    }

    /**
     * Measures each partition, and again after {@link #MEASURE_MS} until the topic is forgotten: when no KPOP used
     * it for {@link #IDLE_MS}, or its last KPOP was on a pool a reload replaced (not to be connected to again), or a
     * reload gave it another partition count (a new measurement replaced this one).
     */
    private void measure(String name, Topic topic) {
        TopicStreams streams = topic.streams;
        if (!streams.calls().loop().inEventLoop()) {
            // the last KPOP was on another loop: its links are that loop's
            streams.calls().loop().execute(() -> measure(name, topic));
            return;
        }
        if (System.nanoTime() - topic.lastUsedNanos > TimeUnit.MILLISECONDS.toNanos(IDLE_MS)
                || streams.calls().pool() != currentPool.get()) {
            topics.remove(name, topic);
            return;
        }
        if (topics.get(name) != topic) {
            return;
        }
        for (int p = 0; p < topic.lags.length(); p++) {
            int partition = p;
            streams.calls().send(RespCommand.of("XINFO", "GROUPS", streams.stream(p)),
                    groups -> topic.lags.set(partition, lagOf(groups)));
        }
        streams.calls().loop().schedule(() -> measure(name, topic), MEASURE_MS, TimeUnit.MILLISECONDS);
    }

    /** The {@code lag} of KPOP's group in an XINFO GROUPS reply; -1 when it is missing, nil, or the reply an error. */
    private static long lagOf(RespValue groups) {
        if (!(groups instanceof RespValue.Array array)) {
            return -1;
        }
        for (RespValue group : array.items()) {
            Map<String, RespValue> fields = group.fields();
            RespValue name = fields.get("name");
            if (name != null && name.asText().equals(TopicStreams.GROUP)
                    && fields.get("lag") instanceof RespValue.Int lag) {
                return lag.value();
            }
        }
        return -1;
    }

    /** Stops measuring every topic: its tenant is gone. */
    void stop() {
        topics.clear();
    }

    /** The known lags summed, or -1 when none is known. */
    long total() {
        long total = -1;
        for (PartitionLag p : partitions()) {
            total = Math.max(total, 0) + p.lag();
        }
        return total;
    }

    /** The known lag of each partition, ordered by topic and partition. */
    List<PartitionLag> partitions() {
        List<PartitionLag> out = new ArrayList<>();
        topics.forEach((name, topic) -> {
            for (int p = 0; p < topic.lags.length(); p++) {
                long lag = topic.lags.get(p);
                if (lag >= 0) {
                    out.add(new PartitionLag(TopicStreams.GROUP, name, p, lag));
                }
            }
        });
        out.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        return out;
    }
}
