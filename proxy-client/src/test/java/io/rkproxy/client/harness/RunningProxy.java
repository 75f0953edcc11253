package io.rkproxy.client.harness;

import io.rkproxy.server.ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.clients.jedis.HostAndPort;

/** A real rkproxy in the test JVM, started from a YAML config file written for it. */
public final class RunningProxy implements AutoCloseable {

    private final ProxyServer server;

    private RunningProxy(ProxyServer server) {
        this.server = server;
    }

    public static RunningProxy start(String yaml) {
        try {
            Path file = Files.createTempDirectory("rkproxy-client-test-").resolve("rkproxy.yaml");
            Files.writeString(file, yaml);
            return new RunningProxy(ProxyServer.start(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("rkproxy did not start: " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.port();
    }

    public HostAndPort address() {
        return new HostAndPort("127.0.0.1", port());
    }

    /** Stops gracefully, as on SIGTERM: a ZooKeeper-configured node deregisters. */
    @Override
    public void close() {
        server.close();
    }
}
