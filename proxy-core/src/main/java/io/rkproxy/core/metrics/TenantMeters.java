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
    private long sampledCommands;
    private volatile long opsPerSecond;

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

    /** Called once a second by the sampler: the commands since the last call become the ops/s figure. */
    public synchronized void sample() {
        long now = commands.sum();
        opsPerSecond = now - sampledCommands;
        sampledCommands = now;
    }

    /** Commands in the last whole second sampled. */
    public long opsPerSecond() {
        return opsPerSecond;
    }

    public long refusals() {
        long total = 0;
        for (LongAdder adder : refusals.values()) {
            total += adder.sum();
        }
        return total;
    }

    public void refused(Refusal why) {
        refusals.get(why).increment();
    }

    public long refusals(Refusal why) {
        return refusals.get(why).sum();
    }
}
