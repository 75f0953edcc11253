package io.rkproxy.redis.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisCluster;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The testkit's {@link RedisCluster} gives a real, working cluster: slots served, MOVED, failover. */
class RedisClusterHarnessTest {

    @Test
    void threeMastersServeAllSlotsAndRedirectByMoved() {
        long started = System.nanoTime();
        try (RedisCluster cluster = RedisCluster.start(3, 0)) {
            System.out.printf("3 masters started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertEquals(3, cluster.masters().size());
            assertEquals(List.of(), cluster.replicas());
            assertEquals(3, cluster.seedAddresses().size());
            for (RedisServer master : cluster.masters()) {
                String info = master.call("CLUSTER", "INFO");
                assertTrue(info.contains("cluster_state:ok"), info);
                assertTrue(info.contains("cluster_slots_ok:16384"), info);
            }

            int slot = cluster.slotOf("user:42");
            RedisServer owner = cluster.masterForSlot(slot);
            try (RespSocket socket = new RespSocket(owner.port())) {
                assertEquals("+OK", socket.call("SET", "user:42", "alice"));
                assertEquals("alice", socket.call("GET", "user:42"));
            }
            RedisServer other = cluster.masters().stream().filter(m -> m != owner).findFirst().orElseThrow();
            try (RespSocket socket = new RespSocket(other.port())) {
                assertEquals("-MOVED " + slot + " 127.0.0.1:" + owner.port(), socket.call("GET", "user:42"));
            }

            cluster.flushAll();
            assertEquals("(nil)", owner.call("GET", "user:42"));
        }
    }

    @Test
    void killedMasterIsReplacedByItsReplica() {
        long started = System.nanoTime();
        try (RedisCluster cluster = RedisCluster.start(3, 1)) {
            System.out.printf("3 masters + 3 replicas started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertEquals(3, cluster.masters().size());
            assertEquals(3, cluster.replicas().size());

            int slot = cluster.slotOf("order:7");
            RedisServer owner = cluster.masterForSlot(slot);
            RedisServer replica = cluster.replicasOf(owner).get(0);
            try (RespSocket socket = new RespSocket(owner.port())) {
                assertEquals("+OK", socket.call("SET", "order:7", "shipped"));
                // WAIT counts acks for this connection's own writes, so it must follow the SET on the same socket
                assertEquals(":1", socket.call("WAIT", "1", "2000"));
            }

            long killed = System.nanoTime();
            cluster.killMaster(owner);
            cluster.awaitFailover(Duration.ofSeconds(15));
            System.out.printf("failover took %d ms%n", (System.nanoTime() - killed) / 1_000_000);

            assertEquals(replica, cluster.masterForSlot(slot));
            assertTrue(cluster.masters().contains(replica));
            assertFalse(cluster.masters().contains(owner));
            assertTrue(replica.call("CLUSTER", "INFO").contains("cluster_state:ok"));
            assertEquals("shipped", replica.call("GET", "order:7"));
        }
    }
}
