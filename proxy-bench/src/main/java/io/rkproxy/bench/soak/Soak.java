package io.rkproxy.bench.soak;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * scripts/chaos.sh --soak DURATION: rkproxy (its own JVM, from scripts/rkproxy) with a redis, a redis-cluster and a
 * kafka pool under mixed load for DURATION, sampled every 10 s; then whether memory, fds, threads and p99 stayed
 * flat over the second half, and each load's error rate. Prints one line per sample and writes them as CSV to
 * bench-results/. Exits 0 when flat and every load ran cleanly, 1 otherwise, 2 on bad arguments.
 */
public final class Soak {
    private static final String USAGE = "usage: scripts/chaos.sh --soak DURATION (30m, 2h, 90s; at least 1m)";
    /** A load may fail at most this share of its requests. */
    private static final double MAX_FAILURE_RATE = 0.001;

    private final SoakSettings settings;

    private Soak(SoakSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        SoakSettings settings;
        try {
            settings = SoakSettings.of(args, Path.of(System.getProperty("rkproxy.root", ".")), Instant.now());
        } catch (IllegalArgumentException e) {
            System.err.println("soak: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        int status;
        try {
            status = new Soak(settings).run();
        } catch (Exception e) {
            System.err.println("soak: failed: " + e);
            status = 1;
        }
        System.exit(status);
    }

    private int run() throws Exception {
        say("soak: " + settings.duration().toSeconds() + " s of mixed load, sampled every "
                + settings.interval().toSeconds() + " s; flat over the second half means:");
        Flatness.describe().forEach(line -> say("  " + line));
        say(String.format("  and no load fails more than %.1f%% of its requests", MAX_FAILURE_RATE * 100));
        Path dir = Files.createTempDirectory("rkproxy-soak.");
        Files.createDirectories(settings.csv().getParent());
        try (SoakBackends backends = SoakBackends.start();
                ProxyProcess proxy = ProxyProcess.start(settings.root(), dir, backends,
                        ProxyConfig.STANDALONE_PASSWORD);
                JvmMemory jvm = JvmMemory.attach(proxy.pid());
                BufferedWriter csv = Files.newBufferedWriter(settings.csv())) {
            say("soak: rkproxy pid " + proxy.pid() + " on port " + proxy.port() + " (log " + proxy.log()
                    + "); samples to " + settings.csv());
            MixedLoad load = new MixedLoad(proxy.port());
            load.start();
            List<Sample> samples;
            Sampler sampler = new Sampler(jvm, new ProcessVitals(proxy.pid()), load.meters());
            try {
                samples = sample(sampler, proxy, csv);
            } finally {
                load.stop();
            }
            boolean ok = report(samples, load, sampler, proxy);
            if (ok) {
                say("soak: passed");
            } else {
                say("soak: FAILED (rkproxy's config and log are kept in " + dir + ")");
            }
            return ok ? 0 : 1;
        }
    }

    /** Samples every interval until the duration is over, or rkproxy has exited. */
    private List<Sample> sample(Sampler sampler, ProxyProcess proxy, BufferedWriter csv) throws IOException {
        csv.write(Sample.CSV_HEADER + "\n");
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long interval = settings.interval().toNanos();
        for (long next = start + interval; next - start <= settings.duration().toNanos(); next += interval) {
            Pause.millis(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            if (!proxy.alive()) {
                say("soak: rkproxy exited");
                break;
            }
            Sample sample = sampler.take((next - start) / 1_000_000_000);
            say(sample.line());
            csv.write(sample.csv() + "\n");
            csv.flush();
            samples.add(sample);
        }
        return samples;
    }

    /** Prints the loads' figures and the verdict: whether the run passed. */
    private boolean report(List<Sample> samples, MixedLoad load, Sampler sampler, ProxyProcess proxy) {
        boolean ok = proxy.alive();
        say("loads:");
        for (Meter meter : load.meters()) {
            double rate = meter.requests() == 0 ? 1 : (double) meter.failures() / meter.requests();
            boolean clean = meter.ok() > 0 && rate <= MAX_FAILURE_RATE;
            ok &= clean;
            say(String.format("  %s failure rate %.3f%%%s", meter, rate * 100, clean ? ""
                    : "  ABNORMAL" + (meter.firstProblem() == null ? " (no request answered)"
                    : ", first: " + meter.firstProblem())));
        }
        say(String.format("  KPUSH acknowledged %d records, KPOP got %d", load.kafka().pushed(),
                load.kafka().popped()));
        ok &= load.kafka().popped() > 0;
        say(String.format("  round trips over the run: p50 %.2fms p99 %.2fms p99.9 %.2fms",
                sampler.runQuantileNanos(0.5) / 1e6, sampler.runQuantileNanos(0.99) / 1e6,
                sampler.runQuantileNanos(0.999) / 1e6));
        List<String> warnings = proxy.warnings();
        say("  rkproxy's log: " + warnings.size() + " WARN/ERROR line(s)");
        warnings.stream().limit(5).forEach(line -> say("    " + line));
        if (samples.size() < 2) {
            say("verdict: too few samples to judge");
            return false;
        }
        say("verdict over the second half (" + (samples.size() - samples.size() / 2) + " samples):");
        List<Tolerance.Check> checks = Flatness.checks(samples);
        checks.forEach(check -> say("  " + check.line()));
        boolean flat = checks.stream().allMatch(Tolerance.Check::ok);
        say("verdict: " + (flat ? "flat" : "NOT flat"));
        return ok && flat;
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
