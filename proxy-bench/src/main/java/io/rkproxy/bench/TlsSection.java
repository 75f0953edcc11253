package io.rkproxy.bench;

import io.rkproxy.testkit.TestCertificates;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLS section (BENCH_TLS=1): what TLS to clients costs. One rkproxy in front of a redis-server of its own listens
 * on a plain port and a TLS port; each round runs the standalone workloads against both, redis-benchmark --tls on
 * the TLS one. The certificate is the testkit's, from a CA made with the openssl command line.
 */
final class TlsSection implements Section {
    private static final int REDIS_PORT = 7390;
    private static final int PLAIN_PORT = 7391;
    private static final int TLS_PORT = 7392;
    private static final String PLAIN = "rk-plain";
    private static final String TLS = "rk-tls";

    private final BenchContext ctx;
    private final List<Workload> workloads;

    TlsSection(BenchContext ctx) {
        this.ctx = ctx;
        this.workloads = Workload.unpipelinedAndPipelined(ctx.config().requests(), ctx.config().pipelineRequests());
    }

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public void run() {
        BenchConfig config = ctx.config();
        int redisPort = ctx.ports().claim(REDIS_PORT);
        RedisServer.start(ctx, "redis-server (TLS section)", redisPort, "redis-tls", List.of());
        TestCertificates certificates = TestCertificates.create();
        int port = ctx.ports().claim(PLAIN_PORT);
        int tlsPort = ctx.ports().claim(TLS_PORT);
        Rkproxy rkproxy = Rkproxy.start(ctx, "rkproxy (TLS)", "rkproxy-tls", port,
                List.of("tls: {port: " + tlsPort + ", cert-file: \"" + certificates.server().cert()
                        + "\", key-file: \"" + certificates.server().key() + "\"}"),
                Rkproxy.defaultTenantOn(redisPort), null, List.of());
        Log.info("rkproxy on 127.0.0.1:" + port + " and, with TLS, 127.0.0.1:" + tlsPort);
        List<String> tlsArgs = List.of("--tls", "--cacert", certificates.caFile().toString());
        if (config.warmupRequests() > 0) {
            ctx.benchmark().warmUp(port, config.clients(), config.warmupRequests(),
                    ctx.workspace().raw("rk-plain.warm-up.err"));
            List<String> warmTls = new ArrayList<>(List.of("-c", Integer.toString(config.clients()), "-n",
                    Integer.toString(config.warmupRequests()), "-t", Workload.testList()));
            warmTls.addAll(tlsArgs);
            if (!ctx.benchmark().run(tlsPort, warmTls, ctx.workspace().raw("rk-tls.warm-up.err"))) {
                Log.info("TLS warm-up run failed");
            }
        }
        List<String> plainExtra = config.extraArgs();
        List<String> tlsExtra = new ArrayList<>(config.extraArgs());
        tlsExtra.addAll(tlsArgs);
        Target plain = Target.measured(PLAIN, port, rkproxy.process());
        Target tls = Target.measured(TLS, tlsPort, rkproxy.process());
        TargetRunner runner = new TargetRunner(ctx);
        for (int round = 1; round <= config.rounds(); round++) {
            Log.info("round " + round + "/" + config.rounds() + ": TLS section, plain port");
            runner.round(plain, round, workloads, plainExtra);
            Log.info("round " + round + "/" + config.rounds() + ": TLS section, TLS port");
            runner.round(tls, round, workloads, tlsExtra);
        }
    }

    @Override
    public List<TableRow> rows() {
        return Workload.rows(workloads, (workload, label) -> new TableRow("tls " + label, new Column(PLAIN, label),
                Column.NONE, new Column(TLS, label), Rule.TLS));
    }

    @Override
    public String legend() {
        return "tls rows: one rkproxy (its own redis-server) measured on its plain port ('direct' column) and on its TLS"
                + " port ('rkproxy' column, redis-benchmark --tls); the ratio is TLS's share of plain throughput, and"
                + " the backend connection is plain in both. rkproxy's CPU per request, which a busy machine disturbs"
                + " less than throughput: " + String.join("; ", workloads.stream().map(this::cpu).toList()) + ".";
    }

    /** "SET+GET -P16 plain 0.96 us, TLS 1.4 us (1.46x)": rkproxy's median CPU per request on each port. */
    private String cpu(Workload workload) {
        Cell plain = Stats.median(ctx.results().cpu(PLAIN, workload.suffix()));
        Cell tls = Stats.median(ctx.results().cpu(TLS, workload.suffix()));
        return "SET+GET" + workload.suffix() + " plain " + plain.text() + " us, TLS " + tls.text() + " us ("
                + Stats.ratioText(Stats.ratio(tls, plain)) + ")";
    }

    @Override
    public String targets() {
        return "tls target: TLS >= 0.5x plain, a guard against a TLS path gone wrong (TLS costs most where a request"
                + " is small)";
    }
}
