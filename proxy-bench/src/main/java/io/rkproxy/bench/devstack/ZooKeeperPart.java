package io.rkproxy.bench.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.curator.test.TestingServer;

/** ZooKeeper in devstack's own JVM: curator-test's single server, its data in a temporary directory it deletes. */
final class ZooKeeperPart implements StackPart {

    private final TestingServer server;

    private ZooKeeperPart(TestingServer server) {
        this.server = server;
    }

    static ZooKeeperPart start(int port) {
        try {
            return new ZooKeeperPart(new TestingServer(port, true));
        } catch (Exception e) {
            throw new IllegalStateException("ZooKeeper did not start on port " + port + ": " + e, e);
        }
    }

    @Override
    public String description() {
        return "ZooKeeper on " + server.getConnectString();
    }

    @Override
    public void addTo(ConfigSnippet config) {
        config.zookeeper(server.getConnectString());
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
