package io.rkproxy.redis;

import io.rkproxy.core.backend.BackendNodeStatus;
import io.rkproxy.core.config.Address;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one pool knows of one backend node: whether it answers, its open connections, its commands in flight, its
 * reconnects and its last measured round trip. The pool's connections to the node, on every event loop, keep it up
 * to date: {@link RedisConnector} counts connections, {@link BackendConnection} commands, {@link ConnectionSlot}
 * reconnects and {@link LatencyProbe} the round trip. Adders and atomics only, so the per-command updates take no
 * lock; {@link #status} may be read from any thread.
 */
public final class NodeStats {

    private final Address address;
    private final PoolHealth health;
    private final AtomicInteger connections = new AtomicInteger();
    private final LongAdder inFlight = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private volatile long latencyMicros = -1;
    private volatile BackendConnection probe;

    /** @param health what the connections to the node last saw; a standalone pool's own */
    public NodeStats(Address address, PoolHealth health) {
        this.address = address;
        this.health = health;
    }

    Address address() {
        return address;
    }

    public PoolHealth health() {
        return health;
    }

    void opened() {
        connections.incrementAndGet();
    }

    void closed() {
        connections.decrementAndGet();
    }

    void sent() {
        inFlight.increment();
    }

    void answered() {
        inFlight.decrement();
    }

    void reconnected() {
        reconnects.increment();
    }

    /** A shared connection to the node that just became ready: the one {@link LatencyProbe} pings from now on. */
    void probeThrough(BackendConnection connection) {
        probe = connection;
    }

    /** The connection to ping, or null before any shared connection was ready; it may have closed since. */
    BackendConnection probe() {
        return probe;
    }

    void latency(long micros) {
        latencyMicros = micros;
    }

    /**
     * The node as seen now.
     *
     * @param otherReason why the node is down when its connections have not said so, e.g. because the cluster
     *                    reports it failed
     */
    public BackendNodeStatus status(Optional<String> otherReason) {
        Optional<String> error = health.downReason().or(() -> otherReason);
        // a reply counted on another adder cell than its command may be summed first
        long sentNotAnswered = Math.max(0, inFlight.sum());
        return new BackendNodeStatus(address.toString(), error.isEmpty(), latencyMicros, connections.get(),
                sentNotAnswered, reconnects.sum(), error);
    }
}
