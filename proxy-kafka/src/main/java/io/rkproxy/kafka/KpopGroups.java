package io.rkproxy.kafka;

import io.rkproxy.core.backend.PartitionLag;
import io.rkproxy.core.config.KafkaPoolConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumers behind proxy-managed {@code KPOP topic}: on each proxy node, one group member per tenant and topic,
 * created at the first KPOP and gone after {@code kpop-idle-ms} without one. Records are marked done as they are
 * handed out, so delivery to clients is at most once.
 */
final class KpopGroups {

    private static final Logger log = LoggerFactory.getLogger(KpopGroups.class);

    /** No rafka group may start with this. */
    static final String GROUP_PREFIX = "rkproxy.kpop:";

    private record Key(String tenant, String topic) {
    }

    private static final class Member {
        final GroupConsumer consumer;
        volatile long lastUsedNanos = System.nanoTime();

        Member(GroupConsumer consumer) {
            this.consumer = consumer;
        }
    }

    private final KafkaPoolConfig pool;
    private final Consumer<GroupConsumer> starter;
    private final Map<Key, Member> members = new ConcurrentHashMap<>();

    KpopGroups(KafkaPoolConfig pool, Consumer<GroupConsumer> starter) {
        this.pool = pool;
        this.starter = starter;
    }

    /**
     * The group that proxy-managed KPOPs of {@code tenant} on {@code topic} (Kafka's name) belong to. A topic name
     * has no ':', so no two (tenant, topic) pairs share a group.
     */
    static String groupId(String tenant, String topic) {
        return GROUP_PREFIX + tenant + ":" + topic;
    }

    /** Up to {@code max} records this node holds for the tenant's group; empty when it holds none right now. */
    List<ConsumerRecord<byte[], byte[]>> take(String tenant, String topic, int max) {
        // a member whose consumer failed is replaced, so that the node does not answer nil for ever; compute locks,
        // so it is only for that and for the first KPOP
        Key key = new Key(tenant, topic);
        Member member = members.get(key);
        if (member == null || member.consumer.stopped()) {
            member = members.compute(key, (k, old) -> old == null || old.consumer.stopped() ? join(k) : old);
        }
        member.lastUsedNanos = System.nanoTime();
        return member.consumer.take(max);
    }

    private Member join(Key key) {
        String group = groupId(key.tenant(), key.topic());
        log.info("kafka pool '{}': joining group '{}' for KPOP", pool.name(), group);
        GroupConsumer consumer = new GroupConsumer(group,
                ClientSettings.consumer(pool, group, "rkproxy-kpop-" + key.tenant(), Map.of()),
                List.of(key.topic()), true, pool.kpopPrefetch(), pool.commitInterval(),
                pool.requestTimeout());
        starter.accept(consumer);
        return new Member(consumer);
    }

    /** What the tenant's KPOP members on this node have yet to hand out, or -1 when it has none or it is unknown. */
    long lag(String tenant) {
        long total = -1;
        for (Map.Entry<Key, Member> e : members.entrySet()) {
            long lag = e.getKey().tenant().equals(tenant) ? e.getValue().consumer.lag() : -1;
            if (lag >= 0) {
                total = Math.max(total, 0) + lag;
            }
        }
        return total;
    }

    /** The lag by partition of the tenant's KPOP members on this node, ordered by group, topic and partition. */
    List<PartitionLag> partitionLags(String tenant) {
        List<PartitionLag> out = new ArrayList<>();
        members.forEach((key, member) -> {
            if (key.tenant().equals(tenant)) {
                out.addAll(member.consumer.partitionLags());
            }
        });
        out.sort(Comparator.comparing(PartitionLag::group));
        return out;
    }

    /** Members no KPOP used for {@code kpop-idle-ms} commit and leave their group, handing partitions to others. */
    void leaveIdle() {
        long cutoff = System.nanoTime() - pool.kpopIdle().toNanos();
        members.forEach((key, member) -> {
            if (member.lastUsedNanos < cutoff && members.remove(key, member)) {
                log.info("kafka pool '{}': leaving idle KPOP group '{}'", pool.name(),
                        groupId(key.tenant(), key.topic()));
                member.consumer.close();
            }
        });
    }
}
