package io.rkproxy.redis.cluster;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.redis.BackendQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's current {@link SlotTable}, and the one way to refresh it. Requests are coalesced: while a refresh
 * runs, or within {@code minInterval} of the last one, further requests share a single pending refresh, so a storm
 * of MOVED replies costs one {@code CLUSTER SHARDS}. The table is asked of the known masters, then of the seeds,
 * one after another until one answers. Runs its work on one event loop; {@link #current()} may be read anywhere.
 */
public final class ClusterTopology {

    private static final Logger log = LoggerFactory.getLogger(ClusterTopology.class);

    /** Asks one node for one command's reply. */
    public interface NodeQuery extends BiFunction<Address, RespCommand, CompletableFuture<RespValue>> {
    }

    private final PoolConfig pool;
    private final EventLoop loop;
    private final NodeQuery query;
    private final long minIntervalNanos;
    private final LongSupplier nanoClock;

    private volatile SlotTable current;
    private CompletableFuture<SlotTable> inFlight;
    private CompletableFuture<SlotTable> scheduled;
    private long lastStartNanos = Long.MIN_VALUE;
    private int refreshes;

    public ClusterTopology(PoolConfig pool, EventLoop loop, NodeQuery query, long minIntervalNanos,
                           LongSupplier nanoClock) {
        this.pool = pool;
        this.loop = loop;
        this.query = query;
        this.minIntervalNanos = minIntervalNanos;
        this.nanoClock = nanoClock;
    }

    /** The table as last loaded, or null before the first load. */
    public SlotTable current() {
        return current;
    }

    /**
     * Moves one slot as a MOVED redirection says, at once, and asks for a refresh: a MOVED usually means more
     * slots moved. Two event loops recording at once may lose one update, which the refresh repairs.
     */
    public void moved(int slot, Address master) {
        SlotTable table = current;
        if (table != null && !table.masterOf(slot).map(master::equals).orElse(false)) {
            current = table.withSlot(slot, master);
        }
        refresh();
    }

    /** Asks for a refresh; completes with the table it loads. Coalesced and rate-limited as described above. */
    public CompletableFuture<SlotTable> refresh() {
        CompletableFuture<SlotTable> result = new CompletableFuture<>();
        loop.execute(() -> coalesce().whenComplete((t, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(t);
            }
        }));
        return result;
    }

    /** How many refreshes have queried the cluster (for tests and metrics). */
    int refreshes() {
        return refreshes;
    }

    private CompletableFuture<SlotTable> coalesce() {
        if (scheduled != null) {
            return scheduled;
        }
        if (inFlight != null) {
            scheduled = new CompletableFuture<>();
            return scheduled;
        }
        long wait = lastStartNanos == Long.MIN_VALUE ? 0 : lastStartNanos + minIntervalNanos - nanoClock.getAsLong();
        if (wait > 0) {
            CompletableFuture<SlotTable> later = new CompletableFuture<>();
            scheduled = later;
            loop.schedule(() -> start(later), wait, TimeUnit.NANOSECONDS);
            return later;
        }
        CompletableFuture<SlotTable> now = new CompletableFuture<>();
        start(now);
        return now;
    }

    private void start(CompletableFuture<SlotTable> result) {
        if (scheduled == result) {
            scheduled = null;
        }
        inFlight = result;
        lastStartNanos = nanoClock.getAsLong();
        refreshes++;
        askInTurn(candidates(), 0, result, null);
        result.whenComplete((t, e) -> loop.execute(this::finished));
    }

    private void finished() {
        inFlight = null;
        if (scheduled != null) {
            CompletableFuture<SlotTable> next = scheduled;
            long wait = lastStartNanos + minIntervalNanos - nanoClock.getAsLong();
            if (wait > 0) {
                loop.schedule(() -> start(next), wait, TimeUnit.NANOSECONDS);
            } else {
                start(next);
            }
        }
    }

    private List<Address> candidates() {
        Set<Address> nodes = new LinkedHashSet<>();
        SlotTable table = current;
        if (table != null) {
            nodes.addAll(table.masters());
        }
        nodes.addAll(pool.nodes());
        return new ArrayList<>(nodes);
    }

    private void askInTurn(List<Address> nodes, int i, CompletableFuture<SlotTable> result, Throwable last) {
        if (i >= nodes.size()) {
            result.completeExceptionally(new IllegalStateException("no node of cluster pool '" + pool.name()
                    + "' answered CLUSTER SHARDS or SLOTS" + (last != null ? ": " + last.getMessage() : "")));
            return;
        }
        Address node = nodes.get(i);
        query.apply(node, RespCommand.of("CLUSTER", "SHARDS"))
                .thenCompose(reply -> reply instanceof RespValue.Error
                        ? query.apply(node, RespCommand.of("CLUSTER", "SLOTS")).thenApply(SlotTable::fromSlots)
                        : CompletableFuture.completedFuture(SlotTable.fromShards(reply, pool.tls().isPresent())))
                .whenComplete((table, error) -> loop.execute(() -> {
                    if (error == null && table.uncoveredSlots() < SlotHash.SLOT_COUNT) {
                        current = table;
                        result.complete(table);
                    } else {
                        // the node's own failure, not the stage's wrapper whose message starts with a class name
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        log.debug("cluster pool '{}': {} did not give the slot map: {}", pool.name(), node,
                                cause != null ? cause.getMessage() : "no slots");
                        askInTurn(nodes, i + 1, result, cause);
                    }
                }));
    }

    /** The query through the proxy's own short-lived connections. */
    static NodeQuery through(PoolConfig pool, EventLoop loop, Class<? extends Channel> channelType) {
        return (node, command) -> BackendQuery.ask(pool, node, channelType, loop, command);
    }
}
