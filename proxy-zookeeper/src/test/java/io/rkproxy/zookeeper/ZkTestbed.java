package io.rkproxy.zookeeper;

import io.rkproxy.core.config.ZnodeAcl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real ZooKeeper (curator-test) shared by the tests of one class, each test under a root of its own:
 * {@code @RegisterExtension static final ZkTestbed zk = new ZkTestbed()}.
 */
final class ZkTestbed implements BeforeAllCallback, AfterAllCallback {

    static final String POOL = "type: redis\nnodes: [\"127.0.0.1:6379\"]\n";
    private static final AtomicInteger roots = new AtomicInteger();

    TestingServer server;
    CuratorFramework client;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = new TestingServer(true);
        client = ZkClients.start(server.getConnectString(), Duration.ofSeconds(5), Optional.empty(), ZnodeAcl.OPEN);
        client.blockUntilConnected();
    }

    String newRoot() {
        return "/rkproxy/test" + roots.incrementAndGet();
    }

    /** Writes a znode's data as given, creating or replacing it. */
    void put(String path, String text) throws Exception {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        if (client.checkExists().forPath(path) == null) {
            client.create().creatingParentsIfNeeded().forPath(path, data);
        } else {
            client.setData().forPath(path, data);
        }
    }

    String get(String path) throws Exception {
        return new String(client.getData().forPath(path), StandardCharsets.UTF_8);
    }

    /** A local file that points at this ZooKeeper under {@code root}, with {@code extra} YAML appended. */
    Path localFile(Path dir, String root, String extra) throws Exception {
        return localFile(dir, server.getConnectString(), root, extra);
    }

    /** A local file that points at the ZooKeeper at {@code connect}. */
    static Path localFile(Path dir, String connect, String root, String extra) throws Exception {
        return localFile(dir, connect, root, "", extra);
    }

    /** A local file with {@code zookeeperKeys} (YAML, indented as under {@code config.zookeeper}) added there. */
    static Path localFile(Path dir, String connect, String root, String zookeeperKeys, String extra)
            throws Exception {
        Path file = Files.createTempFile(dir, "rkproxy", ".yaml");
        Files.writeString(file, """
                config:
                  source: zookeeper
                  debounce-ms: 50
                  zookeeper:
                    connect: "%s"
                    root: %s
                    session-timeout-ms: 3000
                """.formatted(connect, root) + zookeeperKeys + extra);
        return file;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        client.close();
        server.close();
    }
}
