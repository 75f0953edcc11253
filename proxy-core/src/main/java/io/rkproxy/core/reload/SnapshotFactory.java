package io.rkproxy.core.reload;

import io.netty.channel.EventLoopGroup;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.BackendPoolFactory;
import io.rkproxy.core.backend.KafkaGateway;
import io.rkproxy.core.config.KafkaPoolConfig;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.runtime.ProxySnapshot;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds the pools of a config. A pool whose config did not change is carried over with its connections; a new or
 * changed one is built fresh, and the old one is left for {@link #retire} once sessions have moved off it.
 */
public final class SnapshotFactory {

    private final BackendPoolFactory redisPools;
    private final KafkaGatewayFactory kafkaPools;
    private final EventLoopGroup group;

    public SnapshotFactory(BackendPoolFactory redisPools, KafkaGatewayFactory kafkaPools, EventLoopGroup group) {
        this.redisPools = redisPools;
        this.kafkaPools = kafkaPools;
        this.group = group;
    }

    /** The snapshot of {@code config}, reusing what it can of {@code previous} (null at startup). */
    public ProxySnapshot build(ProxyConfig config, ProxySnapshot previous) {
        Map<String, BackendPool> pools = new LinkedHashMap<>();
        Map<String, KafkaGateway> kafka = new LinkedHashMap<>();
        try {
            for (PoolConfig pool : config.pools().values()) {
                BackendPool old = previous == null ? null : previous.pools().get(pool.name());
                pools.put(pool.name(), old != null && old.config().equals(pool) ? old
                        : redisPools.create(pool, group));
            }
            for (KafkaPoolConfig pool : config.kafkaPools().values()) {
                KafkaGateway old = previous == null ? null : previous.kafkaPools().get(pool.name());
                kafka.put(pool.name(), old != null && old.config().equals(pool) ? old : kafkaPools.open(pool));
            }
        } catch (RuntimeException e) {
            closeNew(pools, previous == null ? Map.of() : previous.pools(), BackendPool::close);
            closeNew(kafka, previous == null ? Map.of() : previous.kafkaPools(), KafkaGateway::close);
            throw e;
        }
        return new ProxySnapshot(config, pools, kafka);
    }

    /** Closes the pools of {@code old} that {@code current} no longer uses. */
    public static void retire(ProxySnapshot old, ProxySnapshot current) {
        closeNew(old.pools(), current.pools(), BackendPool::close);
        closeNew(old.kafkaPools(), current.kafkaPools(), KafkaGateway::close);
    }

    /** Closes what {@code built} holds that {@code kept} does not. */
    private static <P> void closeNew(Map<String, P> built, Map<String, P> kept, Consumer<P> close) {
        Set<P> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        keep.addAll(kept.values());
        built.values().stream().filter(p -> !keep.contains(p)).forEach(close);
    }
}
