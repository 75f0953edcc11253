package io.rkproxy.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Waits for a {@link RedisCluster} to settle after it was created or changed: every running node reports
 * {@code cluster_state:ok}, all agree on who serves each slot, every slot is served by a running master, and every
 * replica receives its master's writes.
 */
final class ClusterConvergence {

    /** The cluster's nodes, as it adds them. */
    private final List<RedisServer> nodes;

    ClusterConvergence(List<RedisServer> nodes) {
        this.nodes = nodes;
    }

    void awaitStable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String problem;
        while ((problem = instability()) != null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis Cluster not stable after " + timeout + ": " + problem);
            }
            sleep(50);
        }
    }

    /**
     * A replica that reports its link up may still not receive the master's command stream for up to a second, and a
     * write made then is lost if the master is killed. FLUSHALL (harmless on a new cluster, always replicated) and
     * WAIT on one connection prove that every replica receives the stream.
     */
    void awaitReplicationStreams(Duration timeout) {
        for (RedisServer master : nodes.stream().filter(ClusterProbe::isMaster).toList()) {
            long replicas = nodes.stream().filter(n -> ClusterProbe.isReplicaOf(n, master)).count();
            if (replicas == 0) {
                continue;
            }
            try (RespSocket socket = master.connect()) {
                socket.call("FLUSHALL");
                String acked = socket.call("WAIT", Long.toString(replicas), Long.toString(timeout.toMillis()));
                if (!acked.equals(":" + replicas)) {
                    throw new IllegalStateException("only " + acked.substring(1) + " of " + replicas
                            + " replicas of " + master.address() + " receive its writes");
                }
            }
        }
    }

    /** Why the cluster is not stable yet, or null when it is. */
    private String instability() {
        Set<String> runningMasters = new HashSet<>();
        String[] agreed = null;
        String agreedBy = null;
        for (RedisServer node : nodes) {
            String role = ClusterProbe.role(node);
            if (role.isEmpty()) {
                continue;
            }
            String info = ClusterProbe.ask(node, "CLUSTER", "INFO");
            for (String expected : List.of("cluster_state:ok", "cluster_slots_ok:" + RedisCluster.SLOTS,
                    "cluster_known_nodes:" + nodes.size())) {
                if (info == null || !info.contains(expected + "\r\n")) {
                    return node.address() + " does not report " + expected;
                }
            }
            if (role.startsWith("master")) {
                runningMasters.add(node.address());
            } else if (!String.valueOf(ClusterProbe.ask(node, "INFO", "replication"))
                    .contains("master_link_status:up")) {
                return "replica " + node.address() + " is not in sync with its master";
            }
            String[] map = ClusterProbe.slotMap(ClusterProbe.ask(node, "CLUSTER", "NODES"));
            if (agreed == null) {
                agreed = map;
                agreedBy = node.address();
            } else if (!Arrays.equals(agreed, map)) {
                int slot = Arrays.mismatch(agreed, map);
                return agreedBy + " sees slot " + slot + " served by " + agreed[slot] + ", " + node.address()
                        + " by " + map[slot];
            }
        }
        if (agreed == null) {
            return "no node is running";
        }
        for (int slot = 0; slot < RedisCluster.SLOTS; slot++) {
            if (!runningMasters.contains(agreed[slot])) {
                return "slot " + slot + " is served by " + agreed[slot] + ", which is not a running master";
            }
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        }
    }
}
