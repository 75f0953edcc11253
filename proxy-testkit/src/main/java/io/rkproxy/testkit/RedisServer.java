package io.rkproxy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A real {@code redis-server} child process on a free loopback port, in a temporary directory, with persistence
 * off. {@link #close()} kills it. It can be stopped and started again on the same port, and paused with SIGSTOP.
 */
public final class RedisServer implements AutoCloseable {

    private static final Pattern MASTER_OFFSET = Pattern.compile("master_repl_offset:(\\d+)");
    private static final Pattern REPLICA_OFFSET = Pattern.compile("slave\\d+:[^\\r\\n]*,offset=(\\d+)");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** Every live child, so that a test JVM that exits early leaves no redis-server behind. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final int port;
    private final Path dir;
    private final List<String> args;
    /** Null for a plain server. */
    private final SSLContext tls;
    private Process process;

    private RedisServer(int port, Path dir, List<String> args, SSLContext tls) {
        this.port = port;
        this.dir = dir;
        this.args = List.copyOf(args);
        this.tls = tls;
    }

    /** Starts a server; {@code extraArgs} are redis-server options such as {@code "--databases", "32"}. */
    public static RedisServer start(String... extraArgs) {
        return start(FreePorts.next(), extraArgs);
    }

    /** Starts a server on the given loopback port, e.g. one whose cluster bus port (port + 10000) is free too. */
    public static RedisServer start(int port, String... extraArgs) {
        return start(port, List.of("--port", Integer.toString(port)), List.of(extraArgs), null);
    }

    /**
     * Starts a server that takes TLS connections only ({@code --port 0 --tls-port}), with {@code certificates}'
     * server certificate; it asks clients for no certificate unless {@code extraArgs} say
     * {@code --tls-auth-clients yes}.
     */
    public static RedisServer startTls(TestCertificates certificates, String... extraArgs) {
        return startTls(certificates, FreePorts.next(), extraArgs);
    }

    /** {@link #startTls(TestCertificates, String...)} on the given loopback port. */
    public static RedisServer startTls(TestCertificates certificates, int port, String... extraArgs) {
        List<String> listen = List.of("--port", "0", "--tls-port", Integer.toString(port),
                "--tls-cert-file", certificates.server().cert().toString(),
                "--tls-key-file", certificates.server().key().toString(),
                "--tls-ca-cert-file", certificates.caFile().toString(), "--tls-auth-clients", "no");
        // the testkit's own calls show a client certificate, in case the server asks for one
        return start(port, listen, List.of(extraArgs),
                certificates.trustingCa(certificates.issueClient("rkproxy-testkit")));
    }

    private static RedisServer start(int port, List<String> listen, List<String> extraArgs, SSLContext tls) {
        try {
            List<String> args = new ArrayList<>(listen);
            args.addAll(extraArgs);
            RedisServer server = new RedisServer(port, Files.createTempDirectory("rkproxy-redis-"), args, tls);
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Kills the process (SIGKILL), as a crash would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            LIVE.remove(process);
            process = null;
        }
    }

    /** Starts the server again on the same port after {@link #kill()}. */
    public void restart() {
        kill();
        startProcess();
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    /**
     * Whether every replica of this master has acknowledged its whole replication stream. A replica acknowledges
     * each WAIT's GETACK without the GETACK itself, which it covers a second later: a test that stops a replica
     * waits for this first, or a WAIT would find the replica behind for that reason alone.
     */
    public boolean replicasAcknowledgedEverything() {
        String info = call("INFO", "replication");
        Matcher written = MASTER_OFFSET.matcher(info);
        Matcher acknowledged = REPLICA_OFFSET.matcher(info);
        if (!written.find()) {
            return false;
        }
        while (acknowledged.find()) {
            if (!acknowledged.group(1).equals(written.group(1))) {
                return false;
            }
        }
        return true;
    }

    /** A new connection to the server, over TLS when it takes only TLS. */
    public RespSocket connect() {
        return tls == null ? new RespSocket(port) : RespSocket.tls(port, tls);
    }

    /** Sends one command with a fresh connection and returns the raw reply line(s) as text, for checks. */
    public String call(String... args) {
        try (RespSocket socket = connect()) {
            return socket.call(args);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            resume();
        }
        kill();
    }

    private void startProcess() {
        List<String> command = new ArrayList<>(List.of("redis-server",
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--loglevel", "warning"));
        command.addAll(args);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
            LIVE.add(process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-server; install it (apt-get install redis-server)", e);
        }
        try {
            awaitPing();
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + log());
            }
            try {
                String reply = call("PING");
                if (reply.equals("+PONG") || reply.startsWith("-NOAUTH")) {
                    return;
                }
            } catch (UncheckedIOException e) {
                sleep(20);
            }
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING: " + log());
    }

    private void signal(String signal) {
        if (process == null) {
            return;
        }
        Signals.send(process, signal);
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
