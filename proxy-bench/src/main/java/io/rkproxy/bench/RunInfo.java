package io.rkproxy.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** When and where a run ran: its start, the git commit of the tree (with -dirty for local changes) and the cores. */
record RunInfo(Instant startedAt, String commit, int cores) {
    static RunInfo collect(Processes processes, Path root, Instant startedAt) {
        String commit = processes.output(List.of("git", "-C", root.toString(), "describe", "--always", "--dirty",
                "--abbrev=40"), Duration.ofSeconds(10)).strip();
        return new RunInfo(startedAt.truncatedTo(ChronoUnit.SECONDS), commit.isEmpty() ? null : commit,
                Runtime.getRuntime().availableProcessors());
    }
}
