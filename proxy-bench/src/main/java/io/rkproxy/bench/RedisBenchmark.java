package io.rkproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** redis-benchmark against a port on 127.0.0.1: measured runs, whose --csv figures it reads, and untimed ones. */
final class RedisBenchmark {
    /** Figures of one test (a line of --csv): requests/s and the p50 latency in ms. */
    record Figures(double perSecond, double p50Ms) {
    }

    /** What redis-benchmark says when it cannot read CONFIG, as through a proxy: not worth showing. */
    private static final String CONFIG_REFUSED = "could not fetch server config";
    private static final int RPS_COLUMN = 1;
    private static final int P50_COLUMN = 4;

    private final Processes processes;
    private final Duration timeout;

    RedisBenchmark(Processes processes, Duration timeout) {
        this.processes = processes;
        this.timeout = timeout;
    }

    /**
     * Runs redis-benchmark with args and --csv, its output in csv and csv.err: the figures by test name (the
     * command line for a custom command, such as "KPUSH bench xxx"), empty when the run failed or overran the time
     * limit. name is the target, for the log.
     */
    Optional<Map<String, Figures>> measure(String name, int port, List<String> args, Path csv) {
        Path err = Path.of(csv + ".err");
        ProcessBuilder command = new ProcessBuilder(command(port, "--csv", args)).redirectOutput(csv.toFile())
                .redirectError(err.toFile());
        boolean ok = processes.run(command, timeout);
        logNoise(name, err);
        if (!ok) {
            Log.info(name + ": redis-benchmark " + String.join(" ", args) + " failed or timed out (see " + err + ")");
            return Optional.empty();
        }
        try {
            return Optional.of(parseCsv(Files.readAllLines(csv)));
        } catch (IOException e) {
            Log.info(name + ": cannot read " + csv + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** An untimed run (quiet output), such as a warm-up: whether it succeeded. */
    boolean run(int port, List<String> args, Path err) {
        ProcessBuilder command = new ProcessBuilder(command(port, "-q", args))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        return processes.run(command, timeout);
    }

    /** Untimed SET and GET, then as many again three times over with -P 16, so rkproxy is measured after the JIT. */
    void warmUp(int port, int clients, int requests, Path err) {
        Log.info("warming up port " + port + " (" + requests + " requests, plus pipelined)");
        List<String> args = List.of("-c", Integer.toString(clients), "-t", Workload.testList());
        if (!run(port, concat(args, List.of("-n", Integer.toString(requests))), err)) {
            Log.info("warm-up run failed");
        }
        if (!run(port, concat(args, List.of("-n", Integer.toString(requests * 3), "-P", "16")), err)) {
            Log.info("pipelined warm-up run failed");
        }
    }

    /** redis-benchmark's --csv lines ("test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",...). */
    static Map<String, Figures> parseCsv(List<String> lines) {
        Map<String, Figures> figures = new LinkedHashMap<>();
        for (String line : lines) {
            String[] cells = line.replace("\"", "").split(",");
            if (cells.length <= P50_COLUMN || cells[0].equals("test")) {
                continue;
            }
            try {
                figures.put(cells[0], new Figures(Double.parseDouble(cells[RPS_COLUMN]),
                        Double.parseDouble(cells[P50_COLUMN])));
            } catch (NumberFormatException e) {
                // Not a line of figures.
            }
        }
        return figures;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The output option goes before args, which may end in a command of their own (KPUSH ...). */
    private static List<String> command(int port, String output, List<String> args) {
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1", "-p",
                Integer.toString(port), output));
        command.addAll(args);
        return command;
    }

    /** Shows what redis-benchmark wrote on stderr, apart from the refused CONFIG. */
    private static void logNoise(String name, Path err) {
        List<String> noise = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(err)) {
                if (!line.isBlank() && !line.toLowerCase(Locale.ROOT).contains(CONFIG_REFUSED)) {
                    noise.add(line.strip());
                }
            }
        } catch (IOException e) {
            return;
        }
        if (!noise.isEmpty()) {
            Log.info(name + ": redis-benchmark stderr: " + String.join(" ", noise.stream().limit(3).toList()));
        }
    }
}
