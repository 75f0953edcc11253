package io.rkproxy.core.metrics;

import io.rkproxy.core.config.HotKeysConfig;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** One tenant's live figures on this node. Cheap on the hot path: adders and atomics, no locks. */
public final class TenantMeters {

    static final int MAX_COMMAND_NAMES = 512;
    static final int MAX_ERROR_KINDS = 64;

    private final BoundedGauge connections = new BoundedGauge();
    private final BoundedGauge pinnedConnections = new BoundedGauge();
    private final NamedCounters commands = new NamedCounters(MAX_COMMAND_NAMES);
    private final NamedCounters errors = new NamedCounters(MAX_ERROR_KINDS);
    private final LatencyHistogram latency = new LatencyHistogram();
    private final CommandLatencies commandLatencies = new CommandLatencies(MAX_COMMAND_NAMES);
    private final LatencyEvents latencyEvents = new LatencyEvents();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder bigRequests = new LongAdder();
    private final LongAdder bigReplies = new LongAdder();
    private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
    private final RateLimiter rateLimiter = new RateLimiter();
    private final TenantKeys keys;
    private long sampledCommands;
    private volatile long opsPerSecond;

    public TenantMeters(HotKeysConfig hotKeys, LongSupplier nanoClock) {
        this.keys = new TenantKeys(hotKeys, nanoClock);
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

    /** Its hot and big keys. */
    public TenantKeys keys() {
        return keys;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public void command(String name) {
        commands.increment(name);
    }

    public long commands() {
        return commands.total();
    }

    /** Commands by lower-case name. */
    public Map<String, Long> commandsByName() {
        return commands.snapshot();
    }

    /** An error reply, by its kind: the first word, as in {@code WRONGTYPE} or {@code NOPERM}. */
    public void error(String kind) {
        errors.increment(kind);
    }

    public Map<String, Long> errorsByKind() {
        return errors.snapshot();
    }

    public long errors() {
        return errors.total();
    }

    /** Time from a command's arrival to its reply's write. */
    public LatencyHistogram latency() {
        return latency;
    }

    /** The same latencies by command name (lower case, without subcommand). */
    public CommandLatencies commandLatencies() {
        return commandLatencies;
    }

    /** Its latency monitor (LATENCY LATEST, HISTORY, ...). */
    public LatencyEvents latencyEvents() {
        return latencyEvents;
    }

    public void request(int bytes, boolean big) {
        bytesIn.add(bytes);
        if (big) {
            bigRequests.increment();
        }
    }

    public void reply(int bytes, boolean big) {
        replies(bytes, big ? 1 : 0);
    }

    /** Replies counted together: {@code bytes} in all, {@code big} of them big. */
    public void replies(long bytes, int big) {
        bytesOut.add(bytes);
        if (big > 0) {
            bigReplies.add(big);
        }
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long bigRequests() {
        return bigRequests.sum();
    }

    public long bigReplies() {
        return bigReplies.sum();
    }

    /** Called once a second by the sampler: the commands since the last call become the ops/s figure. */
    public synchronized void sample() {
        long now = commands.total();
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
