package io.rkproxy.bench;

import java.util.Optional;

/** A server that redis-benchmark measures: its name in the results, its port, and its process if its CPU counts. */
record Target(String name, int port, Optional<Process> process) {
    static Target measured(String name, int port, Process process) {
        return new Target(name, port, Optional.of(process));
    }

    static Target withoutCpu(String name, int port) {
        return new Target(name, port, Optional.empty());
    }
}
