package io.rkproxy.bench.soak;

import io.rkproxy.testkit.FreePorts;
import io.rkproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * rkproxy as an operator runs it: scripts/rkproxy (which execs the JVM, so the process is the JVM) with a config
 * file, its output in a log beside it. Stopped with SIGTERM, as a service manager would, also when the soak's JVM
 * is interrupted.
 */
final class ProxyProcess implements AutoCloseable {
    private static final long STARTUP_MS = 60_000;
    private static final long SHUTDOWN_MS = 70_000;

    private final Process process;
    private final int port;
    private final Path log;

    private ProxyProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts rkproxy from {@code root} on a free port with the soak's config ({@link ProxyConfig}) and its log in
     * {@code dir}, and returns once a tenant ({@code password}) gets PONG.
     */
    static ProxyProcess start(Path root, Path dir, SoakBackends backends, String password) throws IOException {
        int port = FreePorts.next();
        Path config = Files.writeString(dir.resolve("rkproxy.yaml"), ProxyConfig.yaml(port, backends));
        Path log = dir.resolve("rkproxy.log");
        Process process = new ProcessBuilder(root.resolve("scripts/rkproxy").toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        ProxyProcess proxy = new ProxyProcess(process, port, log);
        proxy.awaitPong(password);
        return proxy;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** The log's lines at WARN or ERROR. */
    List<String> warnings() {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited after its shutdown grace. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(SHUTDOWN_MS, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void awaitPong(String password) throws IOException {
        long deadline = System.currentTimeMillis() + STARTUP_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("rkproxy exited during startup; its log: " + log + "\n" + Files.readString(log));
            }
            try (RespSocket socket = new RespSocket(port)) {
                if (socket.call("AUTH", password).equals("+OK") && socket.call("PING").equals("+PONG")) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Pause.millis(200);
        }
        throw new IOException("rkproxy did not answer PING within 60 s; its log: " + log);
    }
}
