package io.rkproxy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An rkproxy under test: scripts/rkproxy (which execs the JVM, so its pid is the JVM's) with a config the run
 * writes, logging to a file of the run's directory. RKPROXY_JAVA_OPTS reaches it through the environment.
 */
final class Rkproxy {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Pattern WARNING = Pattern.compile("WARN|ERROR|Exception");
    /** kafka-clients logs a routine rebalance at INFO with the name of RebalanceInProgressException. */
    private static final Pattern QUIET_LEVEL = Pattern.compile("^[^ ]+ +(INFO|DEBUG|TRACE) ");

    private final int port;
    private final Process process;
    private final Path log;

    private Rkproxy(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts rkproxy on 127.0.0.1:port with the pools and tenants given as YAML (the server section is written
     * here) and waits until it answers PING, authenticated with password unless that is null.
     */
    static Rkproxy start(BenchContext ctx, String name, String file, int port, String poolsAndTenants,
            String password) {
        return start(ctx, name, file, port, poolsAndTenants, password, List.of());
    }

    /**
     * As start, with JVM options added through JAVA_TOOL_OPTIONS, which leaves RKPROXY_JAVA_OPTS and the launcher's
     * default as they are.
     */
    static Rkproxy start(BenchContext ctx, String name, String file, int port, String poolsAndTenants,
            String password, List<String> jvmOptions) {
        return start(ctx, name, file, port, List.of(), poolsAndTenants, password, jvmOptions);
    }

    /**
     * One standalone pool on the redis-server at {@code redisPort} and the tenant named default without a password,
     * which admits clients without AUTH, so redis-benchmark needs no -a.
     */
    static String defaultTenantOn(int redisPort) {
        return String.join("\n",
                "pools:",
                "  bench:",
                "    type: redis",
                "    nodes: [\"127.0.0.1:" + redisPort + "\"]",
                "tenants:",
                "  default:",
                "    pool: bench",
                "    db: 0",
                "");
    }

    /** As start, with more {@code server:} keys, one {@code key: value} a line. */
    static Rkproxy start(BenchContext ctx, String name, String file, int port, List<String> serverKeys,
            String poolsAndTenants, String password, List<String> jvmOptions) {
        StringBuilder server = new StringBuilder("server:\n  bind: 127.0.0.1\n  port: " + port
                + "\n  io-threads: " + ctx.config().rkIoThreads() + "\n");
        serverKeys.forEach(key -> server.append("  ").append(key).append('\n'));
        Path config = ctx.workspace().write(file + ".yaml", server + poolsAndTenants);
        Path log = ctx.workspace().file(file + ".log");
        ProcessBuilder builder = new ProcessBuilder(ctx.config().root().resolve("scripts/rkproxy").toString(),
                "--config", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        if (!jvmOptions.isEmpty()) {
            builder.environment().merge("JAVA_TOOL_OPTIONS", String.join(" ", jvmOptions), (a, b) -> a + " " + b);
        }
        Rkproxy rkproxy = new Rkproxy(port, ctx.processes().start(builder), log);
        ctx.rkproxies().add(rkproxy);
        ctx.cli().waitForPing(name, port, rkproxy.process, log, STARTUP, password);
        return rkproxy;
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    /** Surfaces the warnings and errors in the log, which would otherwise go unseen. */
    void reportLogWarnings() {
        List<String> warnings;
        try (var lines = Files.lines(log)) {
            warnings = lines.filter(Rkproxy::isWarning).toList();
        } catch (IOException | UncheckedIOException e) {
            return;
        }
        if (!warnings.isEmpty()) {
            String name = log.getFileName().toString().replaceFirst("\\.log$", "");
            Log.info(name + " log has " + warnings.size() + " warning/error line(s), first ones:");
            warnings.stream().limit(5).forEach(System.err::println);
        }
    }

    /** A line that names a warning, an error or an exception, at a level above INFO. */
    static boolean isWarning(String line) {
        return WARNING.matcher(line).find() && !QUIET_LEVEL.matcher(line).find();
    }
}
