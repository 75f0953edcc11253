package io.rkproxy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * rkproxy ({@code io.rkproxy.server.Main}, which must be on this JVM's classpath) run in a child JVM on a YAML config,
 * so that a test can signal it as an operator or a crash would: {@link #terminate()} is SIGTERM, {@link #kill()} is
 * SIGKILL. {@code ${port}} in the config becomes a free port; the child's output goes to {@code rkproxy.log} beside
 * the config file.
 */
public final class ProxyProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** Light on a 2-core machine: a proxy for tests needs little heap, and starts faster without C2. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
    /** Every live child, so that a test JVM that exits early leaves no proxy behind. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final Process process;
    private final int port;
    private final Path log;

    private ProxyProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts rkproxy on {@code yaml} and returns once it answers PING. */
    public static ProxyProcess start(String yaml) {
        int port = FreePorts.next();
        try {
            Path dir = Files.createTempDirectory("rkproxy-node-");
            Path config = Files.writeString(dir.resolve("rkproxy.yaml"),
                    yaml.replace("${port}", Integer.toString(port)));
            Path log = dir.resolve("rkproxy.log");
            ProcessBuilder builder = new ProcessBuilder(javaCommand(config))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // the classpath as an environment variable: no quoting, and no limit on the length of one argument
            builder.environment().put("CLASSPATH", ChildClasspath.current());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("JDK_JAVA_OPTIONS");
            Process process = builder.start();
            LIVE.add(process);
            ProxyProcess proxy = new ProxyProcess(process, port, log);
            proxy.awaitPing();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> javaCommand(Path config) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("io.rkproxy.server.Main", "--config", config.toString()));
        return command;
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rkproxy exited with " + process.exitValue() + ": " + log());
            }
            try (RespSocket socket = new RespSocket(port)) {
                String reply = socket.call("PING");
                if (reply.equals("+PONG") || reply.startsWith("-NOAUTH")) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                sleep(50);
            }
        }
        close();
        throw new IllegalStateException("rkproxy on port " + port + " did not answer PING: " + log());
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM: the proxy drains and stops. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL, as a crash would; returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** The exit status, once the process has exited within {@code timeout}. */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
        LIVE.remove(process);
        return OptionalInt.of(process.exitValue());
    }

    /** What the proxy logged so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        LIVE.remove(process);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
