package io.rkproxy.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The cluster section: a Redis Cluster of three masters and an rkproxy whose only tenant, default, sits on a
 * redis-cluster pool seeded with two of them and key-prefix "" (keys reach the cluster unchanged). Each round runs
 * SET/GET straight to the master that owns redis-benchmark's key and through rkproxy, then MGET with MgetBench:
 * Lettuce's cluster client against the cluster and Lettuce's plain client through rkproxy.
 */
final class ClusterSection implements Section {
    private final BenchContext ctx;
    private final ClusterConfig cluster;
    private final List<Workload> workloads;
    private final String mgetLabel;
    private List<String> extraArgs = List.of();
    private int keyOwner = -1;

    ClusterSection(BenchContext ctx, ClusterConfig cluster) {
        this.ctx = ctx;
        this.cluster = cluster;
        this.workloads = Workload.unpipelinedAndPipelined(cluster.requests(), cluster.pipelineRequests());
        this.mgetLabel = "MGET" + cluster.mgetKeys();
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public void run() {
        extraArgs = withoutRandomKeys(ctx.config().extraArgs());
        RedisCluster redisCluster = RedisCluster.start(ctx, cluster.nodePort());
        keyOwner = redisCluster.keyOwner();
        int port = ctx.ports().claim(cluster.rkPort());
        List<Integer> nodes = redisCluster.ports();
        // key-prefix "" leaves keys unchanged, so redis-benchmark's key lands on the master measured directly.
        Rkproxy.start(ctx, "rkproxy (cluster pool)", "rkproxy-cluster", port, String.join("\n",
                "pools:",
                "  big:",
                "    type: redis-cluster",
                "    nodes: [\"127.0.0.1:" + nodes.get(0) + "\", \"127.0.0.1:" + nodes.get(1) + "\"]",
                "tenants:",
                "  default:",
                "    pool: big",
                "    key-prefix: \"\"",
                ""), null);
        ctx.cli().checkSetGet("rk-cluster", port);
        Log.info("rkproxy with a redis-cluster pool on 127.0.0.1:" + port);
        int warmup = ctx.config().warmupRequests() / 2;
        if (warmup > 0) {
            ctx.benchmark().warmUp(port, ctx.config().clients(), warmup, ctx.workspace().raw("rk-cluster.warm-up.err"));
        }
        List<Target> targets = List.of(Target.withoutCpu("master", keyOwner), Target.withoutCpu("rk-cluster", port));
        TargetRunner runner = new TargetRunner(ctx);
        int rounds = ctx.config().rounds();
        for (int round = 1; round <= rounds; round++) {
            for (Target target : targets) {
                Log.info("round " + round + "/" + rounds + ": cluster, " + target.name());
                runner.round(target, round, workloads, extraArgs);
            }
            Log.info("round " + round + "/" + rounds + ": cluster MGET, Lettuce cluster client");
            mget("lettuce-cluster", "cluster", nodes.get(0), round);
            Log.info("round " + round + "/" + rounds + ": cluster MGET, Lettuce through rkproxy");
            mget("rk-cluster", "standalone", port, round);
        }
    }

    @Override
    public List<TableRow> rows() {
        List<TableRow> rows = new ArrayList<>(Workload.rows(workloads, (workload, label) -> new TableRow(
                "cluster " + label, new Column("master", label), Column.NONE, new Column("rk-cluster", label),
                Rule.NONE)));
        rows.add(new TableRow("cluster " + mgetLabel, new Column("lettuce-cluster", mgetLabel), Column.NONE,
                new Column("rk-cluster", mgetLabel), Rule.LETTUCE));
        return rows;
    }

    @Override
    public String legend() {
        return "cluster rows: rkproxy with a redis-cluster pool over 3 masters; 'direct' is redis-benchmark straight to"
                + " the master that owns " + RedisCluster.BENCHMARK_KEY + " (127.0.0.1:"
                + (keyOwner < 0 ? "?" : keyOwner) + "); -n " + cluster.requests() + " unpipelined, "
                + cluster.pipelineRequests() + " with -P 16"
                + (extraArgs.isEmpty() ? "" : "; extra: " + String.join(" ", extraArgs)) + ". cluster " + mgetLabel
                + ": MGETs/s of " + cluster.mgetKeys() + " keys in distinct slots over all masters; 'direct' is"
                + " Lettuce's RedisClusterClient against the cluster, 'rkproxy' Lettuce's RedisClient through rkproxy; "
                + cluster.mgetConnections() + " connection(s) x " + cluster.mgetDepth() + " in flight, "
                + cluster.mgetSeconds() + "s after " + cluster.mgetWarmupSeconds() + "s warm-up; no p50.";
    }

    @Override
    public String targets() {
        return "cluster target: MGET through rkproxy >= 1.0x Lettuce's cluster client";
    }

    /** BENCH_ARGS without -r: random keys sent straight to one master would mostly get MOVED. */
    private static List<String> withoutRandomKeys(List<String> args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("-r")) {
                Log.info("cluster section: leaving out BENCH_ARGS' -r " + (i + 1 < args.size() ? args.get(i + 1) : ""));
                i++;
            } else {
                kept.add(args.get(i));
            }
        }
        return kept;
    }

    private void mget(String name, String mode, int port, int round) {
        List<String> args = List.of("--mode", mode, "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--connections", Integer.toString(cluster.mgetConnections()), "--pipeline-depth",
                Integer.toString(cluster.mgetDepth()), "--keys", Integer.toString(cluster.mgetKeys()),
                "--warmup-seconds", Integer.toString(cluster.mgetWarmupSeconds()), "--duration-seconds",
                Integer.toString(cluster.mgetSeconds()));
        ctx.results().recordRun(name, mgetLabel, ctx.drivers().run(name, MgetBench.class, args, "mget_per_second",
                ctx.workspace().raw(name + ".r" + round + ".mget"), round == 1));
    }
}
