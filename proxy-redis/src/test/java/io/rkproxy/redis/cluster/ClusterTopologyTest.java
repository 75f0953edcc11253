package io.rkproxy.redis.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.PoolType;
import io.rkproxy.core.net.Transport;
import io.rkproxy.testkit.FreePorts;
import io.rkproxy.testkit.RedisCluster;
import io.rkproxy.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterTopologyTest {

    EventLoopGroup group;

    @BeforeEach
    void loop() {
        group = Transport.best().newGroup(1, "topology-test");
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static PoolConfig pool(List<String> seeds) {
        List<Address> nodes = seeds.stream().map(s -> Address.parse(s).orElseThrow()).toList();
        return new PoolConfig("big", PoolType.REDIS_CLUSTER, nodes, Optional.empty(), Optional.empty(), 1,
                Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(200), Optional.empty(), Duration.ofSeconds(10), Duration.ZERO, false, Optional.empty());
    }

    private ClusterTopology topology(PoolConfig pool, AtomicInteger queries, long minIntervalNanos) {
        ClusterTopology.NodeQuery real = ClusterTopology.through(pool, group.next(),
                Transport.of(group).socketChannel());
        ClusterTopology.NodeQuery counting = (node, command) -> {
            queries.incrementAndGet();
            return real.apply(node, command);
        };
        return new ClusterTopology(pool, group.next(), counting, minIntervalNanos, System::nanoTime);
    }

    private static Address masterOf(RedisCluster cluster, String key) {
        return new Address("127.0.0.1", cluster.masterForSlot(SlotHash.slot(key.getBytes(StandardCharsets.UTF_8)))
                .port());
    }

    @Test
    void loadsTheSlotMapFromTheFirstSeedThatAnswers() throws Exception {
        try (RedisCluster cluster = RedisCluster.start(3, 0)) {
            List<String> seeds = new ArrayList<>(List.of("127.0.0.1:" + FreePorts.next()));
            seeds.add(cluster.seedAddresses().get(1));
            ClusterTopology topology = topology(pool(seeds), new AtomicInteger(), 0);
            SlotTable table = topology.refresh().get(5, TimeUnit.SECONDS);
            assertEquals(0, table.uncoveredSlots());
            assertEquals(masterOf(cluster, "foo"), table.masterOf(SlotHash.slot("foo".getBytes(StandardCharsets.UTF_8))).orElseThrow());
            assertEquals(table, topology.current());
        }
    }

    @Test
    void aStormOfRefreshRequestsCostsAtMostTwoQueries() throws Exception {
        try (RedisCluster cluster = RedisCluster.start(3, 0)) {
            AtomicInteger queries = new AtomicInteger();
            ClusterTopology topology = topology(pool(cluster.seedAddresses()), queries,
                    TimeUnit.MILLISECONDS.toNanos(100));
            List<CompletableFuture<SlotTable>> all = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                all.add(topology.refresh());
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertTrue(topology.refreshes() <= 2, "refreshes: " + topology.refreshes());
            assertTrue(queries.get() <= 2, "CLUSTER SHARDS sent " + queries.get() + " times");
        }
    }

    @Test
    void aRefreshAfterFailoverFindsThePromotedReplica() throws Exception {
        try (RedisCluster cluster = RedisCluster.start(3, 1)) {
            ClusterTopology topology = topology(pool(cluster.seedAddresses()), new AtomicInteger(), 0);
            int slot = SlotHash.slot("foo".getBytes(StandardCharsets.UTF_8));
            Address before = topology.refresh().get(5, TimeUnit.SECONDS).masterOf(slot).orElseThrow();
            RedisServer master = cluster.masterForSlot(slot);
            cluster.killMaster(master);
            cluster.awaitFailover(Duration.ofSeconds(30));
            Address after = topology.refresh().get(10, TimeUnit.SECONDS).masterOf(slot).orElseThrow();
            assertTrue(!after.equals(before), "the slot moved off the dead master " + before);
            assertEquals(masterOf(cluster, "foo"), after);
        }
    }
}
