package io.rkproxy.redis.cluster;

import static io.rkproxy.redis.RespValues.array;
import static io.rkproxy.redis.RespValues.bulk;
import static io.rkproxy.redis.RespValues.error;
import static io.rkproxy.redis.RespValues.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.PoolType;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.redis.RespValues;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link ClusterTopology} without servers: the nodes' answers are scripted, and the test moves both the refresh
 * clock and the event loop's time.
 */
class ClusterTopologyRefreshTest {

    private static final Address SEED1 = new Address("10.0.0.1", 7001);
    private static final Address SEED2 = new Address("10.0.0.2", 7002);
    private static final Address MASTER = new Address("10.0.0.3", 7003);
    private static final Address OTHER = new Address("10.0.0.4", 7004);
    private static final long MIN_INTERVAL_MS = 100;

    /** One query to a node: its reply is completed by the test. */
    private record Query(Address node, String command, CompletableFuture<RespValue> reply) {
    }

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final AtomicLong nanos = new AtomicLong();
    /** Queries not taken yet by {@link #takeQueries()}. */
    private final List<Query> queries = new ArrayList<>();
    private Query last;
    private final ClusterTopology topology = new ClusterTopology(new PoolConfig("big", PoolType.REDIS_CLUSTER,
            List.of(SEED1, SEED2), Optional.empty(), Optional.empty(), 1, Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(1), Optional.empty(), Duration.ofSeconds(10), Duration.ZERO, false, Optional.empty()), loop.eventLoop(),
            (node, command) -> {
                Query query = new Query(node, RespValues.text(command), new CompletableFuture<>());
                command.release();
                queries.add(query);
                last = query;
                return query.reply();
            }, TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS), nanos::get);

    ClusterTopologyRefreshTest() {
        loop.freezeTime();
    }

    /** The {@code CLUSTER SHARDS} reply of a cluster whose one master serves every slot. */
    private static RespValue shardsServedBy(Address master) {
        RespValue node = array(bulk("id"), bulk("m"), bulk("port"), integer(master.port()), bulk("ip"),
                bulk(master.host()), bulk("endpoint"), bulk(master.host()), bulk("role"), bulk("master"),
                bulk("health"), bulk("online"));
        return array(array(bulk("slots"), array(integer(0), integer(SlotHash.SLOT_COUNT - 1)), bulk("nodes"),
                array(node)));
    }

    /** Runs what the event loop has to do now. */
    private void settle() {
        do {
            loop.runPendingTasks();
        } while (loop.hasPendingTasks());
    }

    private void advance(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        loop.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        settle();
    }

    private CompletableFuture<SlotTable> refresh() {
        CompletableFuture<SlotTable> table = topology.refresh();
        settle();
        return table;
    }

    /** Takes the queries sent since the last call, as {@code node: command}. */
    private List<String> takeQueries() {
        List<String> lines = queries.stream().map(q -> q.node() + ": " + q.command()).toList();
        queries.clear();
        return lines;
    }

    /** Answers the query sent last, then lets the event loop act on the answer. */
    private void answerLast(RespValue reply) {
        last.reply().complete(reply);
        settle();
    }

    /** The query sent last cannot be answered. */
    private void failLast(String why) {
        last.reply().completeExceptionally(new IOException(why));
        settle();
    }

    /** Loads a table in which {@link #MASTER} serves every slot. */
    private SlotTable loaded() throws Exception {
        CompletableFuture<SlotTable> table = refresh();
        answerLast(shardsServedBy(MASTER));
        takeQueries();
        return table.get();
    }

    @Test
    void loadsTheSlotMapFromTheFirstSeedAndPublishesIt() throws Exception {
        CompletableFuture<SlotTable> table = refresh();
        assertEquals(List.of(SEED1 + ": CLUSTER SHARDS"), takeQueries());
        assertFalse(table.isDone());
        answerLast(shardsServedBy(MASTER));
        assertEquals(Optional.of(MASTER), table.get().masterOf(0));
        assertSame(table.get(), topology.current());
    }

    @Test
    void asksTheNextSeedWhenOneCannotBeReached() throws Exception {
        CompletableFuture<SlotTable> table = refresh();
        failLast("connection refused");
        assertEquals(List.of(SEED1 + ": CLUSTER SHARDS", SEED2 + ": CLUSTER SHARDS"), takeQueries());
        answerLast(shardsServedBy(MASTER));
        assertEquals(Optional.of(MASTER), table.get().masterOf(SlotHash.SLOT_COUNT - 1));
    }

    @Test
    void asksForClusterSlotsWhereClusterShardsIsUnknown() throws Exception {
        CompletableFuture<SlotTable> table = refresh();
        answerLast(error("ERR unknown subcommand 'SHARDS'."));
        assertEquals(List.of(SEED1 + ": CLUSTER SHARDS", SEED1 + ": CLUSTER SLOTS"), takeQueries());
        answerLast(ScriptedRoute.clusterSlots(MASTER, OTHER));
        assertEquals(List.of(MASTER, OTHER), table.get().mastersInSlotOrder());
    }

    @Test
    void aNodeThatKnowsOfNoSlotsIsNotBelieved() {
        CompletableFuture<SlotTable> table = refresh();
        answerLast(array());
        assertEquals(List.of(SEED1 + ": CLUSTER SHARDS", SEED2 + ": CLUSTER SHARDS"), takeQueries());
        assertFalse(table.isDone());
    }

    @Test
    void failsNamingTheLastErrorWhenNoNodeAnswers() {
        CompletableFuture<SlotTable> table = refresh();
        failLast("connection refused");
        failLast("no route to host");
        ExecutionException failure = assertThrows(ExecutionException.class, table::get);
        assertEquals("no node of cluster pool 'big' answered CLUSTER SHARDS or SLOTS: no route to host",
                failure.getCause().getMessage());
        assertNull(topology.current());
    }

    @Test
    void asksTheKnownMastersBeforeTheSeeds() throws Exception {
        loaded();
        advance(MIN_INTERVAL_MS);
        refresh();
        assertEquals(List.of(MASTER + ": CLUSTER SHARDS"), takeQueries());
    }

    @Test
    void requestsWhileARefreshRunsShareOneMoreRefreshAfterTheInterval() throws Exception {
        CompletableFuture<SlotTable> first = refresh();
        CompletableFuture<SlotTable> second = refresh();
        CompletableFuture<SlotTable> third = refresh();
        assertEquals(1, takeQueries().size());
        answerLast(shardsServedBy(MASTER));
        assertTrue(first.isDone());
        assertEquals(List.of(), takeQueries(), "the next waits out the interval");
        advance(MIN_INTERVAL_MS);
        assertEquals(List.of(MASTER + ": CLUSTER SHARDS"), takeQueries());
        answerLast(shardsServedBy(OTHER));
        assertSame(second.get(), third.get());
        assertEquals(Optional.of(OTHER), third.get().masterOf(0));
        assertEquals(2, topology.refreshes());
    }

    @Test
    void aRequestWithinTheIntervalWaitsForItsEnd() throws Exception {
        loaded();
        advance(30);
        refresh();
        advance(MIN_INTERVAL_MS - 31);
        assertEquals(List.of(), takeQueries());
        advance(1);
        assertEquals(List.of(MASTER + ": CLUSTER SHARDS"), takeQueries());
    }

    @Test
    void movedMovesTheSlotAtOnceAndAsksForARefresh() throws Exception {
        SlotTable before = loaded();
        topology.moved(5, OTHER);
        assertEquals(Optional.of(OTHER), topology.current().masterOf(5));
        assertEquals(Optional.of(MASTER), topology.current().masterOf(6));
        assertEquals(Optional.of(MASTER), before.masterOf(5), "tables are never changed, only replaced");
        advance(MIN_INTERVAL_MS);
        assertEquals(1, takeQueries().size());
    }
}
