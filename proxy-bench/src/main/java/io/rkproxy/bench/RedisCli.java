package io.rkproxy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** redis-cli against the run's servers on 127.0.0.1. */
final class RedisCli {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Processes processes;

    RedisCli(Processes processes) {
        this.processes = processes;
    }

    /** The reply as redis-cli prints it, trimmed; "" when redis-cli fails. */
    String call(int port, String... args) {
        return callAs(null, port, args);
    }

    /** As call, authenticated with password (through REDISCLI_AUTH, so it is not on a command line) unless null. */
    String callAs(String password, int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (password != null) {
            builder.environment().put("REDISCLI_AUTH", password);
        }
        return processes.output(builder, TIMEOUT).strip();
    }

    /** Waits until the server answers PING while its process lives; fails the run with the log's tail otherwise. */
    void waitForPing(String name, int port, Process process, Path log, Duration limit, String password) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                Log.tail(log, 30);
                throw new BenchException(name + " exited during startup (log: " + log + ")");
            }
            if (callAs(password, port, "PING").equals("PONG")) {
                return;
            }
            Processes.pause(200);
        }
        Log.tail(log, 30);
        throw new BenchException(name + " did not answer PING on port " + port + " (log: " + log + ")");
    }

    /** A SET and GET round trip, so a broken target fails loudly instead of being benchmarked on error replies. */
    void checkSetGet(String name, int port) {
        call(port, "SET", "bench:probe", name);
        String value = call(port, "GET", "bench:probe");
        if (!value.equals(name)) {
            throw new BenchException(name + " on port " + port + ": GET bench:probe returned '" + value + "'");
        }
    }
}
