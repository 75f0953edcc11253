package io.rkproxy.core.streams;

import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.KafkaTenantFigures;
import io.rkproxy.core.backend.QueueCounters;
import io.rkproxy.core.config.TenantConfig;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the Streams queues of this proxy node share across connections: each tenant's counters and KPOP lag (by the
 * redis pool its queue is on, as a Kafka pool keeps them), and the rafka client ids in use.
 */
public final class StreamQueues {

    private record Key(String pool, String tenant) {
    }

    /** One tenant's figures on one pool. */
    static final class Figures {
        final QueueCounters counters = new QueueCounters();
        final KpopLag lag;

        Figures(Supplier<BackendPool> currentPool) {
            this.lag = new KpopLag(currentPool);
        }
    }

    private final Function<String, BackendPool> currentPools;
    private final Map<Key, Figures> figures = new ConcurrentHashMap<>();
    /** tenant + NUL + id. */
    private final Set<String> rafkaIds = ConcurrentHashMap.newKeySet();

    /** @param currentPools the redis pool of that name in the config in force, null if it has none */
    public StreamQueues(Function<String, BackendPool> currentPools) {
        this.currentPools = currentPools;
    }

    /** The figures of a tenant with a Streams queue, on the pool its queue is on. */
    Figures of(TenantConfig tenant) {
        String pool = tenant.kafka().orElseThrow().streams().orElseThrow().pool();
        return figures.computeIfAbsent(new Key(pool, tenant.name()),
                k -> new Figures(() -> currentPools.apply(pool)));
    }

    /** A reload removed {@code tenant}: its figures go, so that a tenant later given its name starts from none. */
    public void forget(String tenant) {
        figures.entrySet().removeIf(e -> {
            boolean gone = e.getKey().tenant().equals(tenant);
            if (gone) {
                e.getValue().lag.stop();
            }
            return gone;
        });
    }

    /** Claims a rafka client id for a tenant; false when a live connection of the tenant on this node holds it. */
    boolean claimRafkaId(String tenant, String id) {
        return rafkaIds.add(tenant + '\0' + id);
    }

    void releaseRafkaId(String tenant, String id) {
        rafkaIds.remove(tenant + '\0' + id);
    }

    /** Each tenant's figures by redis pool and tenant name, in a Kafka pool's shape. */
    public Map<String, Map<String, KafkaTenantFigures>> tenantFigures() {
        Map<String, Map<String, KafkaTenantFigures>> out = new TreeMap<>();
        figures.forEach((key, f) -> out.computeIfAbsent(key.pool(), p -> new TreeMap<>()).put(key.tenant(),
                new KafkaTenantFigures(f.counters.produced.sum(), f.counters.consumed.sum(), f.counters.acked.sum(),
                        f.counters.deliveryErrors.sum(), f.lag.total(), f.lag.partitions())));
        return out;
    }
}
