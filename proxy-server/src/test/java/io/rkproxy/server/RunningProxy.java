package io.rkproxy.server;

import io.rkproxy.core.reload.ConfigLoadStatus;
import io.rkproxy.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.UnaryOperator;

/** A real rkproxy started in the test JVM from a YAML config; {@code ${port}} in the text becomes a free port. */
final class RunningProxy implements AutoCloseable {

    private final ProxyServer server;
    private final Path configFile;

    private RunningProxy(ProxyServer server, Path configFile) {
        this.server = server;
        this.configFile = configFile;
    }

    static RunningProxy start(String yaml) {
        try {
            Path dir = Files.createTempDirectory("rkproxy-test-");
            Path file = dir.resolve("rkproxy.yaml");
            Files.writeString(file, yaml.replace("${port}", Integer.toString(FreePorts.next())));
            return new RunningProxy(ProxyServer.start(file), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A one-pool config: each tenant line is {@code name: {password: ..., db: ...}} YAML flow text. */
    static String config(String redisAddress, String... tenants) {
        StringBuilder sb = new StringBuilder("""
                server:
                  bind: 127.0.0.1
                  port: ${port}
                pools:
                  cache:
                    type: redis
                    nodes: ["%s"]
                    connect-timeout-ms: 500
                    response-timeout-ms: 1000
                    max-reconnect-backoff-ms: 200
                tenants:
                """.formatted(redisAddress));
        for (String t : tenants) {
            sb.append("  ").append(t).append('\n');
        }
        return sb.toString();
    }

    /** {@code yaml} with {@code key: value} lines added to its {@code server:} section. */
    static String withServerKeys(String yaml, String lines) {
        return yaml.replace("  port: ${port}", "  port: ${port}\n" + lines.indent(2).stripTrailing());
    }

    int port() {
        return server.port();
    }

    Path configFile() {
        return configFile;
    }

    /** The console's port, or -1 when the config has no {@code admin:} section. */
    int adminPort() {
        return server.adminPort();
    }

    ProxyServer server() {
        return server;
    }

    /** Rewrites the config file the way editors do: a new file renamed over the old one. */
    void edit(UnaryOperator<String> change) {
        try {
            Path temp = configFile.resolveSibling("rkproxy.yaml.tmp");
            Files.writeString(temp, change.apply(Files.readString(configFile)));
            Files.move(temp, configFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #edit}s the file, then loads it at once, as PROXY RELOAD does (reloads run one at a time, so no load
     * begun before the edit can land after it), and fails unless the node accepted it.
     */
    void reload(UnaryOperator<String> change) {
        edit(change);
        ConfigLoadStatus load = server.admin().reload("test");
        if (!load.accepted()) {
            throw new AssertionError("the edited config was rejected: " + load.problems());
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
