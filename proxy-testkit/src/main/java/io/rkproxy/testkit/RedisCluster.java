package io.rkproxy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real Redis Cluster of {@code redis-server} processes on loopback, for routing and failover tests: masters with
 * optional replicas, created by {@code redis-cli --cluster create}. {@link #start} returns once every node reports
 * {@code cluster_state:ok} and all nodes agree on who serves each of the 16384 slots. Roles are read from the live
 * nodes on every call, so after a failover {@link #masters()} includes the promoted replica. Masters can be added,
 * and slots moved between masters with their keys while the cluster serves. {@link #close()} kills every node.
 */
public final class RedisCluster implements AutoCloseable {

    public static final int SLOTS = 16384;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int NODE_TIMEOUT_MILLIS = 1000;
    private static final int BUS_PORT_OFFSET = 10000;
    private static final int PROBE_TIMEOUT_MILLIS = 1000;
    /**
     * How many slots are in mid-migration together while slots move: enough that a load meets some there, as it
     * would meet a slot whose many keys take long to move.
     */
    private static final int MIGRATION_BATCH = 1000;

    private final List<RedisServer> nodes = new ArrayList<>();
    /** Null for a plain cluster. */
    private final TestCertificates tls;

    private RedisCluster(TestCertificates tls) {
        this.tls = tls;
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
        return cluster.launch(masters * (1 + replicasPerMaster), replicasPerMaster, node -> cluster.startNode());
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
        return cluster.launch(masters, 0, node -> cluster.startNode(firstPort + node));
    }

    private RedisCluster launch(int nodeCount, int replicasPerMaster, IntFunction<RedisServer> startNode) {
        try {
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(startNode.apply(i));
            }
            create(replicasPerMaster);
            awaitStable(READY_TIMEOUT);
            awaitReplicationStreams();
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
        return nodes.stream().filter(n -> role(n).startsWith("master")).toList();
    }

    /** The running nodes that are replicas now. */
    public List<RedisServer> replicas() {
        return nodes.stream().filter(n -> role(n).startsWith("slave")).toList();
    }

    /** The running replicas of {@code master}. */
    public List<RedisServer> replicasOf(RedisServer master) {
        // ROLE on a replica: slave, master ip, master port, link state, offset
        return nodes.stream().filter(n -> {
            String[] role = role(n).split("\n");
            return role[0].equals("slave") && role[2].equals(":" + master.port());
        }).toList();
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
        String reply = ask(anyRunningNode(), "CLUSTER", "KEYSLOT", key);
        if (reply == null || !reply.startsWith(":")) {
            throw new IllegalStateException("CLUSTER KEYSLOT " + key + ": " + reply);
        }
        return Integer.parseInt(reply.substring(1));
    }

    /** Kills a master (SIGKILL); follow with {@link #awaitFailover} when it has replicas. */
    public void killMaster(RedisServer master) {
        if (!nodes.contains(master) || !role(master).startsWith("master")) {
            throw new IllegalArgumentException(master.address() + " is not a running master of this cluster");
        }
        master.kill();
    }

    /**
     * Waits until every slot is served by a running master again (so replicas of killed masters have been
     * promoted), every running node reports {@code cluster_state:ok} and all agree on the slot map.
     */
    public void awaitFailover(Duration timeout) {
        awaitStable(timeout);
    }

    /**
     * Starts a new master that serves no slots and joins it to the cluster (CLUSTER MEET); returns once every
     * running node knows it and all agree on the slot map.
     */
    public RedisServer addMaster() {
        RedisServer member = anyRunningNode();
        RedisServer node = startNode();
        nodes.add(node);
        String met = node.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(member.port()));
        if (!met.equals("+OK")) {
            throw new IllegalStateException("CLUSTER MEET from " + node.address() + ": " + met);
        }
        awaitStable(READY_TIMEOUT);
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
        awaitStable(READY_TIMEOUT);
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

    private RedisServer startNode() {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return startNode(portWithFreeBusPort());
            } catch (IllegalStateException e) {
                // most likely the bus port was taken between our check and the server's bind
                last = e;
            }
        }
        throw last;
    }

    private RedisServer startNode(int port) {
        String[] args = {
                "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
                // a replica of a dead master always stands for election, however long it was disconnected
                "--cluster-replica-validity-factor", "0",
                // replicas sync at once instead of waiting 5 s for others to share a diskless transfer
                "--repl-diskless-sync-delay", "0"};
        return tls == null ? RedisServer.start(port, args)
                : RedisServer.startTls(tls, port, concat(args, "--tls-cluster", "yes", "--tls-replication", "yes"));
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** A free port whose cluster bus port (port + 10000) is free too. */
    private static int portWithFreeBusPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = FreePorts.next();
            if (port + BUS_PORT_OFFSET <= 65535 && isFree(port + BUS_PORT_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair (port, port + 10000) on loopback");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void create(int replicasPerMaster) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(node -> command.add(node.address()));
        command.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
        if (tls != null) {
            TestCertificates.Issued client = tls.issueClient("redis-cli");
            command.addAll(List.of("--tls", "--cacert", tls.caFile().toString(), "--cert", client.cert().toString(),
                    "--key", client.key().toString()));
        }
        Path log = null;
        try {
            log = Files.createTempFile("rkproxy-cluster-create-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create timed out: " + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-cli; install it (apt-get install redis-tools)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the cluster", e);
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }

    private void awaitStable(Duration timeout) {
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
    private void awaitReplicationStreams() {
        for (RedisServer master : masters()) {
            int replicas = replicasOf(master).size();
            if (replicas == 0) {
                continue;
            }
            try (RespSocket socket = master.connect()) {
                socket.call("FLUSHALL");
                String acked = socket.call("WAIT", Integer.toString(replicas), Long.toString(READY_TIMEOUT.toMillis()));
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
            String role = role(node);
            if (role.isEmpty()) {
                continue;
            }
            String info = ask(node, "CLUSTER", "INFO");
            for (String expected : List.of("cluster_state:ok", "cluster_slots_ok:" + SLOTS,
                    "cluster_known_nodes:" + nodes.size())) {
                if (info == null || !info.contains(expected + "\r\n")) {
                    return node.address() + " does not report " + expected;
                }
            }
            if (role.startsWith("master")) {
                runningMasters.add(node.address());
            } else if (!String.valueOf(ask(node, "INFO", "replication")).contains("master_link_status:up")) {
                return "replica " + node.address() + " is not in sync with its master";
            }
            String[] map = slotMap(ask(node, "CLUSTER", "NODES"));
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
        for (int slot = 0; slot < SLOTS; slot++) {
            if (!runningMasters.contains(agreed[slot])) {
                return "slot " + slot + " is served by " + agreed[slot] + ", which is not a running master";
            }
        }
        return null;
    }

    /** The address of the master of each slot, as a running node sees the cluster; null where none. */
    private String[] currentSlotMap() {
        return slotMap(ask(anyRunningNode(), "CLUSTER", "NODES"));
    }

    /** The address of the master of each slot, from a {@code CLUSTER NODES} reply; null where none. */
    private static String[] slotMap(String clusterNodes) {
        String[] owners = new String[SLOTS];
        if (clusterNodes == null) {
            return owners;
        }
        // <id> <ip:port@busport[,hostname]> <flags> <master> <ping> <pong> <epoch> <link> <slot or range>...
        for (String line : clusterNodes.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 9 || !fields[2].contains("master")) {
                continue;
            }
            String address = fields[1].substring(0, fields[1].indexOf('@'));
            for (int i = 8; i < fields.length; i++) {
                if (fields[i].startsWith("[")) {
                    continue; // a slot being migrated or imported
                }
                String[] range = fields[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = Integer.parseInt(range[range.length - 1]);
                Arrays.fill(owners, from, to + 1, address);
            }
        }
        return owners;
    }

    /** The node's ROLE reply, or "" when it does not answer (killed or paused). */
    private String role(RedisServer node) {
        String role = ask(node, "ROLE");
        return role == null ? "" : role;
    }

    private RedisServer anyRunningNode() {
        return nodes.stream().filter(n -> !role(n).isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
    }

    private RedisServer byAddress(String address) {
        return nodes.stream().filter(n -> n.address().equals(address)).findFirst()
                .orElseThrow(() -> new IllegalStateException(address + " is not a node of this cluster"));
    }

    /** One command on a fresh connection with a short timeout; null when the node does not answer. */
    private static String ask(RedisServer node, String... command) {
        try (RespSocket socket = node.connect()) {
            socket.timeout(PROBE_TIMEOUT_MILLIS);
            return socket.call(command);
        } catch (UncheckedIOException e) {
            return null;
        }
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
