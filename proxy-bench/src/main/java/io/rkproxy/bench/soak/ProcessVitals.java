package io.rkproxy.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A Linux process's resident memory, threads and open file descriptors, from /proc. */
final class ProcessVitals {
    private final Path proc;

    ProcessVitals(long pid) {
        this.proc = Path.of("/proc", Long.toString(pid));
    }

    record Reading(long rssBytes, int threads, int fds) {
    }

    Reading read() throws IOException {
        String status = Files.readString(proc.resolve("status"));
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            return new Reading(statusField(status, "VmRSS") * 1024, (int) statusField(status, "Threads"),
                    (int) fds.count());
        }
    }

    /** A number of /proc/PID/status ("VmRSS:\t  123456 kB", "Threads:\t42"); kB fields in kB. */
    static long statusField(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).strip().split("\\s+")[0]);
            }
        }
        throw new IllegalArgumentException("no " + name + " in /proc status");
    }
}
