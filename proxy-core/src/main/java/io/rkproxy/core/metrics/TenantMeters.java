package io.rkproxy.core.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** One tenant's live figures on this node. Cheap on the hot path: adders and atomics, no locks. */
public final class TenantMeters {

    private final BoundedGauge connections = new BoundedGauge();
    private final BoundedGauge pinnedConnections = new BoundedGauge();
    private final LongAdder commands = new LongAdder();
    private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
    private final RateLimiter rateLimiter = new RateLimiter();

    public TenantMeters() {
        for (Refusal r : Refusal.values()) {
            refusals.put(r, new LongAdder());
        }
    }

    public BoundedGauge connections() {
        return connections;
    }

    public BoundedGauge pinnedConnections() {
        return pinnedConnections;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public void command() {
        commands.increment();
    }

    public long commands() {
        return commands.sum();
    }

    public void refused(Refusal why) {
        refusals.get(why).increment();
    }

    public long refusals(Refusal why) {
        return refusals.get(why).sum();
    }
}
