package io.rkproxy.admin;

import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.runtime.ProxyRuntime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's charts on this node: every {@link #STEP} a point per tenant in force and per pool (the sum of its
 * tenants: their commands, errors and bytes, and their latencies merged), the last {@link #POINTS} of each kept.
 * Memory is bounded by the tenants and pools in force; a removed one's series is forgotten at the next step.
 */
final class ChartRecorder {

    static final Duration STEP = Duration.ofSeconds(5);
    /** 15 minutes at {@link #STEP}. */
    static final int POINTS = 180;

    private final ProxyRuntime runtime;
    private final Map<String, SeriesRing> tenants = new ConcurrentHashMap<>();
    private final Map<String, SeriesRing> pools = new ConcurrentHashMap<>();
    private Map<String, MeterReading> last = Map.of();
    private long lastMillis;

    ChartRecorder(ProxyRuntime runtime) {
        this.runtime = runtime;
    }

    Optional<List<SeriesPoint>> tenant(String name) {
        return Optional.ofNullable(tenants.get(name)).map(SeriesRing::points);
    }

    Optional<List<SeriesPoint>> pool(String name) {
        return Optional.ofNullable(pools.get(name)).map(SeriesRing::points);
    }

    /**
     * Takes one step: called every {@link #STEP}. A tenant or pool seen for the first time gets an empty series;
     * its first point comes at the next step.
     */
    synchronized void sample(long nowMillis) {
        Map<String, TenantConfig> inForce = runtime.snapshot().config().tenants();
        Map<String, MeterReading> now = new HashMap<>();
        inForce.keySet().forEach(t -> now.put(t, MeterReading.of(runtime.meters().meters(t))));
        double seconds = (nowMillis - lastMillis) / 1000.0;
        Map<String, MeterReading> byPool = new HashMap<>();
        runtime.snapshot().pools().keySet().forEach(p -> byPool.put(p, MeterReading.ZERO));
        runtime.snapshot().kafkaPools().keySet().forEach(p -> byPool.put(p, MeterReading.ZERO));
        now.forEach((tenant, reading) -> {
            SeriesRing ring = tenants.computeIfAbsent(tenant, t -> new SeriesRing(POINTS));
            MeterReading before = last.get(tenant);
            if (before == null || seconds <= 0) {
                return;
            }
            MeterReading step = reading.minus(before);
            ring.add(step.point(nowMillis, seconds));
            TenantConfig config = inForce.get(tenant);
            if (config.hasRedisPool()) {
                byPool.computeIfPresent(config.pool(), (p, sum) -> sum.plus(step));
            }
            config.kafka().map(KafkaAccess::pool).ifPresent(p -> byPool.computeIfPresent(p, (k, sum) -> sum.plus(step)));
        });
        byPool.forEach((pool, sum) -> {
            SeriesRing ring = pools.computeIfAbsent(pool, p -> new SeriesRing(POINTS));
            if (lastMillis > 0) {
                ring.add(sum.point(nowMillis, seconds));
            }
        });
        tenants.keySet().retainAll(inForce.keySet());
        pools.keySet().retainAll(byPool.keySet());
        last = now;
        lastMillis = nowMillis;
    }
}
