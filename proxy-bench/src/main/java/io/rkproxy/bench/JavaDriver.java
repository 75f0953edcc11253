package io.rkproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Runs proxy-bench's load drivers (MgetBench, DirectProducerBench, KafkaConsumeBench) and the Kafka broker's
 * KafkaBenchBroker in JVMs of their own, on this JVM's class path, and reads the figure a driver prints.
 */
final class JavaDriver {
    private final Processes processes;
    private final Duration timeout;
    private final List<String> javaOpts;

    /** javaOpts: BENCH_DRIVER_JAVA_OPTS, for the load drivers. */
    JavaDriver(Processes processes, Duration timeout, List<String> javaOpts) {
        this.processes = processes;
        this.timeout = timeout;
        this.javaOpts = javaOpts;
    }

    /** The command line that runs main with the JVM options and arguments. */
    static List<String> command(List<String> jvmOptions, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return command;
    }

    /**
     * Runs a load driver, its stdout in out and stderr in out.err, and returns the figure it prints as
     * {@code key=<number>}; empty (and logged, with name, the target) when it fails. With logSummary the driver's
     * own summary line on stderr ("MgetBench: ...") is logged too.
     */
    OptionalDouble run(String name, Class<?> main, List<String> args, String key, Path out, boolean logSummary) {
        Path err = Path.of(out + ".err");
        String driver = main.getSimpleName();
        ProcessBuilder builder = new ProcessBuilder(command(javaOpts, main, args)).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        if (processes.run(builder, timeout)) {
            OptionalDouble figure = figure(out, key);
            if (figure.isPresent()) {
                if (logSummary) {
                    Log.lastLines(err, Integer.MAX_VALUE).stream().filter(l -> l.startsWith(driver + ": "))
                            .reduce((first, second) -> second).ifPresent(Log::info);
                }
                return figure;
            }
        }
        Log.info(name + ": " + driver + " failed or timed out: " + String.join(" ", Log.lastLines(err, 3))
                + " (see " + err + ")");
        return OptionalDouble.empty();
    }

    private static OptionalDouble figure(Path out, String key) {
        try {
            return Files.readAllLines(out).stream().filter(l -> l.startsWith(key + "="))
                    .mapToDouble(l -> Double.parseDouble(l.substring(key.length() + 1))).findFirst();
        } catch (IOException | NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
