package io.rkproxy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * scripts/bench.sh: rkproxy against direct Redis and twemproxy, then a Redis Cluster and a Kafka broker through
 * rkproxy (see the script's header for the settings). Prints the table, writes the figures as JSON (BENCH_JSON) and
 * optionally BENCH_OUT; --profile adds rkproxy's allocations per GET; --compare a.json b.json compares two runs.
 * Exits 1 on a failure, and with BENCH_STRICT=1 when a target is missed; 2 on bad arguments.
 */
public final class Bench {
    private static final String USAGE = "usage: scripts/bench.sh [--profile] | --compare a.json b.json"
            + " (settings: BENCH_* environment variables, listed at the top of scripts/bench.sh)";

    private final BenchConfig config;
    private final Processes processes = new Processes();
    private final Workspace workspace;
    private final AtomicBoolean cleanedUp = new AtomicBoolean();

    private Bench(BenchConfig config, Workspace workspace) {
        this.config = config;
        this.workspace = workspace;
    }

    public static void main(String[] args) {
        Env env = new Env(System.getenv());
        List<String> compare = env.words("BENCH_COMPARE");
        boolean profile = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--profile" -> profile = true;
                case "--compare" -> {
                    if (i + 2 >= args.length) {
                        usage("--compare needs two JSON files");
                    }
                    compare = List.of(args[i + 1], args[i + 2]);
                    i += 2;
                }
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        try {
            if (!compare.isEmpty()) {
                if (compare.size() != 2) {
                    usage("BENCH_COMPARE needs two JSON files");
                }
                Compare.lines(Path.of(compare.get(0)), Path.of(compare.get(1))).forEach(System.out::println);
                System.exit(0);
            }
            Instant startedAt = Instant.now();
            BenchConfig config = BenchConfig.from(env, Path.of(System.getProperty("rkproxy.root", ".")), profile,
                    startedAt);
            CpuLoad.warnIfBusy();
            System.exit(new Bench(config, Workspace.create(env)).run(startedAt));
        } catch (BenchException e) {
            Log.error(e.getMessage());
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        System.err.println("bench: " + problem + "\n" + USAGE);
        System.exit(2);
    }

    /**
     * Runs every section and reports: the exit status. A failed run keeps its directory; an interrupted one (INT,
     * TERM) stops what it started and deletes it, unless BENCH_KEEP=1.
     */
    private int run(Instant startedAt) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Log.onlyFromThisThread();
            cleanUp(config.keep());
        }, "bench-cleanup"));
        boolean failed = true;
        try {
            BenchContext ctx = BenchContext.create(config, workspace, processes);
            StandaloneSection standalone = new StandaloneSection(ctx);
            List<Section> sections = new ArrayList<>(List.of(standalone));
            if (config.tls()) {
                sections.add(new TlsSection(ctx));
            }
            if (config.hotKeys()) {
                sections.add(new HotKeysSection(ctx));
            }
            config.cluster().ifPresent(cluster -> sections.add(new ClusterSection(ctx, cluster)));
            config.kafka().ifPresent(kafka -> sections.add(new KafkaSection(ctx, kafka)));
            config.streams().ifPresent(streams -> sections.add(new StreamsSection(ctx, streams)));

            standalone.run();
            Optional<AllocationProfile> profile = config.profile()
                    ? standalone.profileGets(Path.of(config.json().toString().replaceFirst("(\\.json)?$", ".jfr")))
                    : Optional.empty();
            sections.stream().skip(1).forEach(Section::run);
            ctx.rkproxies().forEach(Rkproxy::reportLogWarnings);
            if (ctx.results().failedRuns() > 0) {
                Log.info(ctx.results().failedRuns() + " benchmark run(s) failed; their cells show NA or fewer rounds");
            }

            Report report = Report.of(config, RunInfo.collect(processes, config.root(), startedAt), sections,
                    sections.stream().flatMap(s -> s.cpuRows().stream()).toList(), ctx.results(), profile);
            TextReport.print(report, System.out);
            System.out.flush();
            config.out().ifPresent(out -> {
                OutFile.write(report, out);
                Log.info("results written to " + out);
            });
            JsonReport.write(report, config.json());
            Log.info("figures written to " + config.json());
            Log.info("done in " + Duration.between(startedAt, Instant.now()).toSeconds() + "s");
            failed = false;
            return config.strict() && !report.met() ? 1 : 0;
        } catch (BenchException e) {
            Log.error(e.getMessage());
            return 1;
        } finally {
            cleanUp(failed || config.keep());
        }
    }

    /** Stops every process of the run and deletes its directory unless it is kept; once, from the run or the hook. */
    private void cleanUp(boolean keepWorkspace) {
        if (cleanedUp.compareAndSet(false, true)) {
            processes.stopAll();
            workspace.close(keepWorkspace);
        }
    }
}
