package io.rkproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The benchmark's progress and warnings, on stderr, so that stdout carries only the report. */
final class Log {
    private static volatile Thread onlyFrom;

    private Log() {
    }

    static void info(String message) {
        Thread only = onlyFrom;
        if (only == null || only == Thread.currentThread()) {
            System.err.println("[bench] " + message);
        }
    }

    static void error(String message) {
        info("error: " + message);
    }

    /**
     * From now on only what the calling thread logs: once an interrupted run stops its processes, the failures the
     * run's own thread then sees are not worth reading.
     */
    static void onlyFromThisThread() {
        onlyFrom = Thread.currentThread();
    }

    /** The last lines of a log on stderr, for a process that failed to start. */
    static void tail(Path log, int lines) {
        lastLines(log, lines).forEach(System.err::println);
    }

    /** The last lines of a file; none when it cannot be read. */
    static List<String> lastLines(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of();
        }
    }
}
