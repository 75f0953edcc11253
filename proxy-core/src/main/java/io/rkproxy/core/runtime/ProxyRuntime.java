package io.rkproxy.core.runtime;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.KafkaTenantFigures;
import io.rkproxy.core.config.ServerConfig;
import io.rkproxy.core.metrics.SlowLog;
import io.rkproxy.core.metrics.TenantMeterRegistry;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.streams.StreamQueues;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every session shares: the current snapshot, the authenticator, the limits on unauthenticated connections and
 * the set of live client channels.
 */
public final class ProxyRuntime {

    private static final Logger log = LoggerFactory.getLogger(ProxyRuntime.class);

    private final ServerConfig server;
    private final AtomicReference<ProxySnapshot> snapshot;
    private final Authenticator authenticator;
    private final UnauthenticatedConnections unauthenticated;
    private final PreAuthBuffers preAuthBuffers;
    private final ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private final AtomicLong sessionIds = new AtomicLong();
    private final TenantMeterRegistry meters;
    private final Map<String, TenantScripts> scripts = new ConcurrentHashMap<>();
    private final SlowLog slowLog;
    private final MonitorFeed monitors = new MonitorFeed();
    private final StreamQueues queues = new StreamQueues(pool -> snapshot().pools().get(pool));
    private final TenantPauses pauses;
    private volatile boolean draining;
    private final LongSupplier nanoClock;
    private final String version;
    private final String nodeId;
    private final long startNanos;

    public ProxyRuntime(ProxySnapshot initial, Authenticator authenticator, String version, String nodeId) {
        this(initial, authenticator, version, nodeId, System::nanoTime);
    }

    public ProxyRuntime(ProxySnapshot initial, Authenticator authenticator, String version, String nodeId,
                        LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.nodeId = nodeId;
        this.startNanos = nanoClock.getAsLong();
        this.server = initial.config().server();
        this.slowLog = new SlowLog(server.slowlogMaxLen(), server.slowlogSlowerThanMicros());
        this.meters = new TenantMeterRegistry(server.hotKeys(), nanoClock);
        this.pauses = new TenantPauses(nanoClock);
        this.snapshot = new AtomicReference<>(initial);
        this.authenticator = authenticator;
        this.unauthenticated = new UnauthenticatedConnections(server);
        this.preAuthBuffers = new PreAuthBuffers(server.maxUnauthenticatedBufferBytes());
        this.version = version;
    }

    public ProxySnapshot snapshot() {
        return snapshot.get();
    }

    /**
     * Swaps in a new snapshot; returns the old one so the caller can close what it no longer needs. The sessions of a
     * tenant the new snapshot drops are closed now, idle, blocked, subscribed and paused ones included, each told why;
     * its slow log, latency events and queue figures are forgotten, so that a tenant later given its name does not see
     * them.
     */
    public ProxySnapshot swap(ProxySnapshot next) {
        ProxySnapshot old = snapshot.getAndSet(next);
        Set<String> removed = new HashSet<>(old.config().tenants().keySet());
        removed.removeIf(tenant -> next.tenant(tenant).isPresent());
        for (String tenant : removed) {
            slowLog.forget(tenant);
            TenantMeters seen = meters.all().get(tenant);
            if (seen != null) {
                seen.latencyEvents().reset(List.of());
            }
            pauses.unpause(tenant);
            queues.forget(tenant);
            next.kafkaPools().values().forEach(pool -> pool.forget(tenant));
        }
        if (!removed.isEmpty()) {
            closeSessionsOf(removed);
        }
        return old;
    }

    private void closeSessionsOf(Set<String> removed) {
        int closed = 0;
        for (Channel channel : clients) {
            ClientView session = channel.attr(ClientView.KEY).get();
            if (session != null && removed.contains(session.tenantName())) {
                session.kill(RespErrors.tenantRemoved(session.tenantName()));
                closed++;
            }
        }
        log.info("closing {} session(s) of removed tenant(s) {}", closed, new TreeSet<>(removed));
    }

    /** Server settings are fixed for the life of the process. */
    public ServerConfig server() {
        return server;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public UnauthenticatedConnections unauthenticated() {
        return unauthenticated;
    }

    public PreAuthBuffers preAuthBuffers() {
        return preAuthBuffers;
    }

    public ChannelGroup clients() {
        return clients;
    }

    /**
     * Stops reading from every client, ends the blocking commands sessions wait on, and waits until no session has a
     * command in flight, or the timeout passes.
     * Returns whether everything drained.
     */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Every connection has stopped reading before the node says it drains, so nothing read later can sneak in.
        // a copy: a ChannelGroup's own stream fails when a connection closes under it
        List.copyOf(clients).stream().map(ch -> ch.eventLoop().submit(() -> {
            ClientView session = ch.attr(ClientView.KEY).get();
            if (session != null) {
                session.drain();
            } else {
                ch.config().setAutoRead(false);
            }
        })).toList().forEach(stopped -> stopped.awaitUninterruptibly(1000));
        draining = true;
        while (System.nanoTime() < deadline) {
            if (busySessions() == 0) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return busySessions() == 0;
    }

    private long busySessions() {
        return List.copyOf(clients).stream()
                .map(ch -> ch.eventLoop().submit(() -> {
                    ClientView session = ch.attr(ClientView.KEY).get();
                    return session != null && !session.isIdle();
                }))
                .filter(f -> f.awaitUninterruptibly(1000) && Boolean.TRUE.equals(f.getNow()))
                .count();
    }

    /** True once shutdown has begun: the node takes no new work. */
    public boolean draining() {
        return draining;
    }

    public SlowLog slowLog() {
        return slowLog;
    }

    public MonitorFeed monitors() {
        return monitors;
    }

    /** The tenants paused by CLIENT PAUSE on this node. */
    public TenantPauses pauses() {
        return pauses;
    }

    public TenantMeterRegistry meters() {
        return meters;
    }

    /** What this node's Streams queues share across connections. */
    public StreamQueues queues() {
        return queues;
    }

    /**
     * Each tenant's queue figures on this node, by pool (a Kafka pool, or the redis pool a Streams queue is on) and
     * tenant.
     */
    public Map<String, Map<String, KafkaTenantFigures>> queueFigures() {
        Map<String, Map<String, KafkaTenantFigures>> out = new TreeMap<>(queues.tenantFigures());
        snapshot().kafkaPools().forEach((name, pool) -> out.put(name, new TreeMap<>(pool.tenantFigures())));
        return out;
    }

    /** The scripts a tenant ran or loaded through this node, by the SHA1 it knows them by. */
    public TenantScripts scripts(String tenant) {
        return scripts.computeIfAbsent(tenant, TenantScripts::new);
    }

    /** The monotonic clock limits and latencies are measured with. */
    public long nanoTime() {
        return nanoClock.getAsLong();
    }

    public long nextSessionId() {
        return sessionIds.incrementAndGet();
    }

    public String version() {
        return version;
    }

    /** This proxy node's name in the fleet. */
    public String nodeId() {
        return nodeId;
    }

    public long uptimeSeconds() {
        return java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(nanoTime() - startNanos);
    }
}
