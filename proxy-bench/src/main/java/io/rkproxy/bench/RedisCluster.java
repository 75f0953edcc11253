package io.rkproxy.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster section's Redis Cluster: three cluster-enabled masters without replicas, joined with redis-cli
 * --cluster create, and the master that owns redis-benchmark's key, which the section measures directly.
 */
final class RedisCluster {
    /** redis-benchmark's key without -r: every request goes to the one slot, so one master can be measured alone. */
    static final String BENCHMARK_KEY = "key:__rand_int__";
    private static final int NODES = 3;
    private static final long STATE_OK_TIMEOUT_MS = 30_000;

    private final List<Integer> ports;
    private final int keyOwner;

    private RedisCluster(List<Integer> ports, int keyOwner) {
        this.ports = ports;
        this.keyOwner = keyOwner;
    }

    static RedisCluster start(BenchContext ctx, int preferredPort) {
        List<Integer> ports = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            int port = ctx.ports().claimWithClusterBus(preferredPort);
            RedisServer.start(ctx, "cluster node " + i, port, "cluster-" + port,
                    List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"));
            ports.add(port);
            nodes.add("127.0.0.1:" + port);
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        create.addAll(nodes);
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Path out = ctx.workspace().file("cluster-create.log");
        Path err = ctx.workspace().file("cluster-create.err");
        if (!ctx.processes().run(new ProcessBuilder(create).redirectOutput(out.toFile()).redirectError(err.toFile()),
                ctx.config().timeout())) {
            Log.tail(out, 20);
            Log.tail(err, 20);
            throw new BenchException("redis-cli --cluster create " + String.join(" ", nodes) + " failed");
        }
        awaitStateOk(ctx, ports);
        int slot = Integer.parseInt(ctx.cli().call(ports.get(0), "CLUSTER", "KEYSLOT", BENCHMARK_KEY));
        int owner = ownerOf(ctx.cli().call(ports.get(0), "CLUSTER", "NODES"), slot);
        if (owner < 0) {
            throw new BenchException("no master of the cluster owns slot " + slot + " (of " + BENCHMARK_KEY + ")");
        }
        if (!ctx.cli().call(owner, "SET", BENCHMARK_KEY, "probe").equals("OK")) {
            throw new BenchException("SET " + BENCHMARK_KEY + " straight to 127.0.0.1:" + owner + ", the owner of its"
                    + " slot " + slot + ", failed");
        }
        Log.info("Redis Cluster of 3 masters on " + String.join(" ", nodes) + "; " + BENCHMARK_KEY + " is in slot "
                + slot + " on 127.0.0.1:" + owner);
        return new RedisCluster(List.copyOf(ports), owner);
    }

    List<Integer> ports() {
        return ports;
    }

    /** The port of the master that owns BENCHMARK_KEY. */
    int keyOwner() {
        return keyOwner;
    }

    /**
     * The port of the master serving slot, from CLUSTER NODES ("id ip:port@bus flags master ping pong epoch link
     * slot-or-range..."; a "[...]" entry is a slot being migrated); -1 when no master does.
     */
    static int ownerOf(String clusterNodes, int slot) {
        for (String line : clusterNodes.split("\n")) {
            String[] f = line.strip().split(" +");
            if (f.length < 9 || !f[2].contains("master")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue;
                }
                String[] range = f[i].split("-");
                int lo = Integer.parseInt(range[0]);
                int hi = Integer.parseInt(range[range.length - 1]);
                if (slot >= lo && slot <= hi) {
                    return Integer.parseInt(f[1].split("[:@]")[1]);
                }
            }
        }
        return -1;
    }

    private static void awaitStateOk(BenchContext ctx, List<Integer> ports) {
        long deadline = System.currentTimeMillis() + STATE_OK_TIMEOUT_MS;
        while (!ports.stream().allMatch(p -> ctx.cli().call(p, "CLUSTER", "INFO").contains("cluster_state:ok"))) {
            if (System.currentTimeMillis() > deadline) {
                throw new BenchException("the cluster did not reach cluster_state:ok on all nodes in 30s (logs: "
                        + ctx.workspace().dir() + "/cluster-*.log)");
            }
            Processes.pause(200);
        }
    }
}
