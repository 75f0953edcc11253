package io.rkproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A redis-server of the run on 127.0.0.1: no persistence, its data and log in the run's directory. */
final class RedisServer {
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private RedisServer() {
    }

    /** Starts it with the extra arguments (cluster mode, say) and waits until it answers PING. */
    static Process start(BenchContext ctx, String name, int port, String dirName, List<String> extraArgs) {
        Path dir = ctx.workspace().file(dirName);
        Path log = ctx.workspace().file(dirName + ".log");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BenchException("cannot create " + dir + ": " + e.getMessage());
        }
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--port",
                Integer.toString(port), "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--logfile",
                log.toString(), "--daemonize", "no"));
        command.addAll(extraArgs);
        Process process = ctx.processes().start(new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true));
        ctx.cli().waitForPing(name, port, process, log, STARTUP, null);
        return process;
    }
}
