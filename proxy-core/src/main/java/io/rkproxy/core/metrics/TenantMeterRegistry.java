package io.rkproxy.core.metrics;

import io.rkproxy.core.config.HotKeysConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** The meters of every tenant seen on this node, by name. Thread-safe. */
public final class TenantMeterRegistry {

    private final Map<String, TenantMeters> byTenant = new ConcurrentHashMap<>();
    private final HotKeysConfig hotKeys;
    private final LongSupplier nanoClock;

    public TenantMeterRegistry(HotKeysConfig hotKeys, LongSupplier nanoClock) {
        this.hotKeys = hotKeys;
        this.nanoClock = nanoClock;
    }

    public TenantMeters meters(String tenant) {
        return byTenant.computeIfAbsent(tenant, t -> new TenantMeters(hotKeys, nanoClock));
    }

    /** Every tenant seen on this node since it started, by name. */
    public Map<String, TenantMeters> all() {
        return Map.copyOf(byTenant);
    }

    /** Takes every tenant's once-a-second ops sample. */
    public void sample() {
        byTenant.values().forEach(TenantMeters::sample);
    }
}
