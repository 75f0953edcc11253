package io.rkproxy.core.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** How many pinned backend connections each tenant's sessions hold on this node. Thread-safe. */
final class PinnedCounts {

    private final Map<String, AtomicInteger> byTenant = new ConcurrentHashMap<>();

    /** Takes one if the tenant is under {@code max}. */
    boolean tryAcquire(String tenant, int max) {
        AtomicInteger count = byTenant.computeIfAbsent(tenant, t -> new AtomicInteger());
        while (true) {
            int now = count.get();
            if (now >= max) {
                return false;
            }
            if (count.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release(String tenant) {
        byTenant.get(tenant).decrementAndGet();
    }

    int held(String tenant) {
        AtomicInteger count = byTenant.get(tenant);
        return count == null ? 0 : count.get();
    }
}
