package io.rkproxy.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A real Redis Cluster of {@code redis-server} processes on loopback, for routing and failover tests: masters with
 * optional replicas, created by {@code redis-cli --cluster create}. {@link #start} returns once every node reports
 * {@code cluster_state:ok} and all nodes agree on who serves each of the 16384 slots. Roles are read from the live
 * nodes on every call, so after a failover {@link #masters()} includes the promoted replica. Masters can be added,
 * and slots moved between masters with their keys while the cluster serves. {@link #close()} kills every node.
 * Its nodes are started by {@link ClusterProcesses} and waited for by {@link ClusterConvergence}.
 */
public final class RedisCluster implements AutoCloseable {

    public static final int SLOTS = 16384;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How many slots are in mid-migration together while slots move: enough that a load meets some there, as it
     * would meet a slot whose many keys take long to move.
     */
    private static final int MIGRATION_BATCH = 1000;

    private final List<RedisServer> nodes = new ArrayList<>();
    private final ClusterProcesses processes;
    private final ClusterConvergence convergence = new ClusterConvergence(nodes);

    /** @param tls null for a plain cluster */
    private RedisCluster(TestCertificates tls) {
        this.processes = new ClusterProcesses(tls);
    }

    /** Starts {@code masters} masters (at least 3), each with {@code replicasPerMaster} replicas. */
    public static RedisCluster start(int masters, int replicasPerMaster) {
        return start(masters, replicasPerMaster, null);
    }

    /**
     * A cluster whose nodes take TLS connections only, with {@code certificates}' server certificate, and speak TLS
     * on the cluster bus and for replication; CLUSTER SLOTS and redirections then name their TLS ports.
     */
    public static RedisCluster startTls(TestCertificates certificates, int masters, int replicasPerMaster) {
        return start(masters, replicasPerMaster, certificates);
    }

    private static RedisCluster start(int masters, int replicasPerMaster, TestCertificates tls) {
        if (masters < 3 || replicasPerMaster < 0) {
            throw new IllegalArgumentException("Redis Cluster needs at least 3 masters and no negative replica count");
        }
        RedisCluster cluster = new RedisCluster(tls);
        return cluster.launch(masters * (1 + replicasPerMaster), replicasPerMaster,
                node -> cluster.processes.startNode());
    }

    /**
     * Starts {@code masters} masters (at least 3) without replicas on the ports from {@code firstPort} on, one each;
     * each node's cluster bus port (its port + 10000) must be free too.
     */
    public static RedisCluster startOnPorts(int firstPort, int masters) {
        if (masters < 3) {
            throw new IllegalArgumentException("Redis Cluster needs at least 3 masters");
        }
        RedisCluster cluster = new RedisCluster(null);
        return cluster.launch(masters, 0, node -> cluster.processes.startNode(firstPort + node));
    }

    private RedisCluster launch(int nodeCount, int replicasPerMaster, IntFunction<RedisServer> startNode) {
        try {
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(startNode.apply(i));
            }
            processes.create(nodes, replicasPerMaster, READY_TIMEOUT);
            convergence.awaitStable(READY_TIMEOUT);
            convergence.awaitReplicationStreams(READY_TIMEOUT);
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Every node ever started, in start order, whether it still runs or not. */
    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** The running nodes that are masters now. */
    public List<RedisServer> masters() {
        return nodes.stream().filter(ClusterProbe::isMaster).toList();
    }

    /** The running nodes that are replicas now. */
    public List<RedisServer> replicas() {
        return nodes.stream().filter(n -> ClusterProbe.role(n).startsWith("slave")).toList();
    }

    /** The running replicas of {@code master}. */
    public List<RedisServer> replicasOf(RedisServer master) {
        return nodes.stream().filter(n -> ClusterProbe.isReplicaOf(n, master)).toList();
    }

    /** "127.0.0.1:port" of every running master, for a client's or proxy's seed list. */
    public List<String> seedAddresses() {
        return masters().stream().map(RedisServer::address).toList();
    }

    /** The node that serves {@code slot}, as a running node sees the cluster. */
    public RedisServer masterForSlot(int slot) {
        String address = currentSlotMap()[slot];
        if (address == null) {
            throw new IllegalStateException("slot " + slot + " is not served by any node");
        }
        return byAddress(address);
    }

    /** The node that serves each slot (the list's index), as a running node sees the cluster: one query for all. */
    public List<RedisServer> slotOwners() {
        Map<String, RedisServer> byAddress = new HashMap<>();
        return Arrays.stream(currentSlotMap())
                .map(address -> byAddress.computeIfAbsent(address, this::byAddress))
                .toList();
    }

    public int slotOf(String key) {
        String reply = ClusterProbe.ask(anyRunningNode(), "CLUSTER", "KEYSLOT", key);
        if (reply == null || !reply.startsWith(":")) {
            throw new IllegalStateException("CLUSTER KEYSLOT " + key + ": " + reply);
        }
        return Integer.parseInt(reply.substring(1));
    }

    /** Kills a master (SIGKILL); follow with {@link #awaitFailover} when it has replicas. */
    public void killMaster(RedisServer master) {
        if (!nodes.contains(master) || !ClusterProbe.isMaster(master)) {
            throw new IllegalArgumentException(master.address() + " is not a running master of this cluster");
        }
        master.kill();
    }

    /**
     * Waits until every slot is served by a running master again (so replicas of killed masters have been
     * promoted), every running node reports {@code cluster_state:ok} and all agree on the slot map.
     */
    public void awaitFailover(Duration timeout) {
        convergence.awaitStable(timeout);
    }

    /**
     * Starts a new master that serves no slots and joins it to the cluster (CLUSTER MEET); returns once every
     * running node knows it and all agree on the slot map.
     */
    public RedisServer addMaster() {
        RedisServer member = anyRunningNode();
        RedisServer node = processes.startNode();
        nodes.add(node);
        String met = node.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(member.port()));
        if (!met.equals("+OK")) {
            throw new IllegalStateException("CLUSTER MEET from " + node.address() + ": " + met);
        }
        convergence.awaitStable(READY_TIMEOUT);
        return node;
    }

    /**
     * Moves slots {@code first} to {@code last} to {@code target}, keys and all, from their current owners, while
     * the cluster serves (see {@link SlotMigration}); returns how many keys moved, once every node agrees on the new
     * slot map.
     */
    public int moveSlots(int first, int last, RedisServer target) {
        Map<String, List<Integer>> bySource = slotsByOwner(first, last);
        bySource.remove(target.address());
        return move(bySource, target);
    }

    /**
     * Moves slots to {@code target} (a new master, say) until it serves its even share, taking from each other
     * master the slots it serves beyond that share; returns how many keys moved, once every node agrees on the new
     * slot map.
     */
    public int rebalanceTo(RedisServer target) {
        int share = SLOTS / masters().size();
        Map<String, List<Integer>> beyondShare = slotsByOwner(0, SLOTS - 1);
        beyondShare.remove(target.address());
        beyondShare.replaceAll((owner, slots) -> slots.subList(Math.min(share, slots.size()), slots.size()));
        return move(beyondShare, target);
    }

    /** Slots {@code first} to {@code last}, listed by the address of the master that serves them. */
    private Map<String, List<Integer>> slotsByOwner(int first, int last) {
        String[] owners = currentSlotMap();
        Map<String, List<Integer>> byOwner = new HashMap<>();
        for (int slot = first; slot <= last; slot++) {
            if (owners[slot] == null) {
                throw new IllegalStateException("slot " + slot + " is not served by any node");
            }
            byOwner.computeIfAbsent(owners[slot], owner -> new ArrayList<>()).add(slot);
        }
        return byOwner;
    }

    /** Moves the slots listed by their owner's address to {@code target}, a batch at a time. */
    private int move(Map<String, List<Integer>> slotsBySource, RedisServer target) {
        int keys = 0;
        try (SlotMigration migration = new SlotMigration(masters())) {
            for (Map.Entry<String, List<Integer>> source : slotsBySource.entrySet()) {
                List<Integer> slots = source.getValue();
                for (int from = 0; from < slots.size(); from += MIGRATION_BATCH) {
                    keys += migration.move(slots.subList(from, Math.min(slots.size(), from + MIGRATION_BATCH)),
                            byAddress(source.getKey()), target);
                }
            }
        }
        convergence.awaitStable(READY_TIMEOUT);
        return keys;
    }

    public void flushAll() {
        for (RedisServer master : masters()) {
            String reply = master.call("FLUSHALL");
            if (!reply.equals("+OK")) {
                throw new IllegalStateException("FLUSHALL on " + master.address() + ": " + reply);
            }
        }
    }

    @Override
    public void close() {
        for (RedisServer node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                // kill the others anyway
            }
        }
    }

    /** The address of the master of each slot, as a running node sees the cluster; null where none. */
    private String[] currentSlotMap() {
        return ClusterProbe.slotMap(ClusterProbe.ask(anyRunningNode(), "CLUSTER", "NODES"));
    }

    private RedisServer anyRunningNode() {
        return nodes.stream().filter(n -> !ClusterProbe.role(n).isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
    }

    private RedisServer byAddress(String address) {
        return nodes.stream().filter(n -> n.address().equals(address)).findFirst()
                .orElseThrow(() -> new IllegalStateException(address + " is not a node of this cluster"));
    }
}
