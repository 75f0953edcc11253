package io.rkproxy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The processes of a run: servers, which live until the run ends or stops them, and commands, which run to
 * completion within a time limit and are stopped when they overrun it. stopAll ends whatever still runs, also from
 * a shutdown hook when the run is interrupted.
 */
final class Processes {
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final List<Process> running = new CopyOnWriteArrayList<>();
    private boolean stopping;

    /** Starts a server; it runs until stop or stopAll. Once stopAll has begun, nothing starts any more. */
    synchronized Process start(ProcessBuilder builder) {
        if (stopping) {
            throw new BenchException("stopping");
        }
        try {
            Process process = builder.start();
            running.add(process);
            return process;
        } catch (IOException e) {
            throw new BenchException("cannot start " + String.join(" ", builder.command()) + ": " + e.getMessage());
        }
    }

    /** Runs a command to its end: true when it exited 0 within the timeout. One still running then is stopped. */
    boolean run(ProcessBuilder builder, Duration timeout) {
        Process process = start(builder);
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue() == 0;
            }
            stop(process, GRACE);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process, GRACE);
            return false;
        } finally {
            running.remove(process);
        }
    }

    /** A command's stdout, or "" when it fails or overruns the timeout; its stderr is dropped. */
    String output(List<String> command, Duration timeout) {
        return output(new ProcessBuilder(command), timeout);
    }

    String output(ProcessBuilder builder, Duration timeout) {
        Process process = start(builder.redirectError(ProcessBuilder.Redirect.DISCARD));
        try {
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process, GRACE);
                return "";
            }
            return process.exitValue() == 0 ? out.get() : "";
        } catch (ExecutionException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process, GRACE);
            return "";
        } finally {
            running.remove(process);
        }
    }

    /** TERM, then KILL once grace has passed: whether the process ended within grace. */
    boolean stop(Process process, Duration grace) {
        process.destroy();
        try {
            boolean ended = process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        } finally {
            running.remove(process);
        }
    }

    /** Sends TERM to everything still running, then KILL to what has not ended after a grace of 5 s. */
    void stopAll() {
        List<Process> all;
        synchronized (this) {
            stopping = true;
            all = List.copyOf(running);
        }
        all.forEach(Process::destroy);
        all.forEach(process -> stop(process, GRACE));
    }

    /** Sleeps; an interrupt ends the run. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        }
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
