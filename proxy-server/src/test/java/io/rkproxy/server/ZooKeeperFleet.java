package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.testkit.FreePorts;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import io.rkproxy.zookeeper.ConfigEntries;
import io.rkproxy.zookeeper.ZkConfigTree;
import io.rkproxy.zookeeper.ZkPaths;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real ZooKeeper (curator-test, restartable on its port), a real redis-server, and rkproxy nodes that take their
 * pools and tenants from ZooKeeper. Each {@link #newRoot} starts a config of its own, with pool {@code cache} on the
 * redis-server; nodes started after it read that root. A test class shares one through
 * {@code @RegisterExtension static final ZooKeeperFleet fleet = ZooKeeperFleet.perClass();}.
 */
final class ZooKeeperFleet implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private static final AtomicInteger roots = new AtomicInteger();

    private TestingServer zk;
    private RedisServer redis;
    private CuratorFramework client;
    private Path dir;
    private final List<ProxyServer> nodes = new ArrayList<>();
    private String root;

    private ZooKeeperFleet() {
    }

    static ZooKeeperFleet start() throws Exception {
        ZooKeeperFleet fleet = new ZooKeeperFleet();
        fleet.beforeAll(null);
        return fleet;
    }

    /** Started before the class's first test and closed after its last. */
    static ZooKeeperFleet perClass() {
        return new ZooKeeperFleet();
    }

    @Override
    public void beforeAll(ExtensionContext ignored) throws Exception {
        dir = Files.createTempDirectory("rkproxy-zk-");
        zk = new TestingServer(FreePorts.next(), new File(dir.toFile(), "zookeeper"), true);
        client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new ExponentialBackoffRetry(100, 5));
        client.start();
        client.blockUntilConnected();
        redis = RedisServer.start();
    }

    @Override
    public void afterAll(ExtensionContext ignored) throws IOException {
        close();
    }

    TestingServer zookeeper() {
        return zk;
    }

    RedisServer redis() {
        return redis;
    }

    String root() {
        return root;
    }

    void newRoot() throws Exception {
        root = "/rkproxy/test" + roots.incrementAndGet();
        put("pools", "cache", """
                {type: redis, nodes: ["%s"], connect-timeout-ms: 500, response-timeout-ms: 1000,
                 max-reconnect-backoff-ms: 200}""".formatted(redis.address()));
    }

    /** Writes {@code <root>/<section>/<name>} as an operator would with zkCli: the entry's YAML, as given. */
    void put(String section, String name, String yaml) throws Exception {
        String path = root + "/" + section + "/" + name;
        byte[] data = yaml.getBytes(StandardCharsets.UTF_8);
        if (client.checkExists().forPath(path) == null) {
            client.create().creatingParentsIfNeeded().forPath(path, data);
        } else {
            client.setData().forPath(path, data);
        }
    }

    /** Reads {@code <root>/<section>/<name>} as an operator with zkCli would, without authenticating. */
    String get(String section, String name) throws Exception {
        return new String(client.getData().forPath(root + "/" + section + "/" + name), StandardCharsets.UTF_8);
    }

    void delete(String section, String name) throws Exception {
        client.delete().forPath(root + "/" + section + "/" + name);
    }

    /**
     * A node whose local file names this ZooKeeper and the current root. Tests poll with AUTH until a change is in
     * force, so failed AUTHs are not throttled.
     */
    ProxyServer startNode(Duration sessionTimeout) throws Exception {
        return startNode(sessionTimeout, zk.getConnectString());
    }

    /** A node that reaches ZooKeeper at {@code connect}: through a {@link CuttableLink}, say. */
    ProxyServer startNode(Duration sessionTimeout, String connect) throws Exception {
        return startNode(sessionTimeout, connect, "");
    }

    /** A node with {@code zookeeperKeys} (YAML, indented as under {@code config.zookeeper}): its auth, say. */
    ProxyServer startNode(String zookeeperKeys) throws Exception {
        return startNode(Duration.ofSeconds(15), zk.getConnectString(), zookeeperKeys);
    }

    private ProxyServer startNode(Duration sessionTimeout, String connect, String zookeeperKeys) throws Exception {
        Path file = Files.createTempFile(dir, "rkproxy-", ".yaml");
        Files.writeString(file, """
                server:
                  bind: 127.0.0.1
                  port: %d
                  shutdown-timeout-ms: 1000
                  auth-max-failures: 100000
                config:
                  source: zookeeper
                  debounce-ms: 50
                  zookeeper:
                    connect: "%s"
                    root: %s
                    session-timeout-ms: %d
                """.formatted(FreePorts.next(), connect, root, sessionTimeout.toMillis()) + zookeeperKeys);
        ProxyServer node = ProxyServer.start(file);
        nodes.add(node);
        return node;
    }

    ProxyServer startNode() throws Exception {
        return startNode(Duration.ofSeconds(15));
    }

    /** A node with its console on a free port, without a token. */
    ProxyServer startNodeWithConsole() throws Exception {
        return startNodeWithConsole("");
    }

    /** The same, with {@code zookeeperKeys} as in {@link #startNode(String)}. */
    ProxyServer startNodeWithConsole(String zookeeperKeys) throws Exception {
        return startNode(Duration.ofSeconds(15), zk.getConnectString(),
                zookeeperKeys + "admin: {bind: 127.0.0.1, port: 0}\n");
    }

    /** The pools and tenants under the current root, as the nodes read them. */
    ConfigEntries entries() throws Exception {
        return new ZkConfigTree(client, new ZkPaths(root)).read();
    }

    /** The ids of the nodes registered under {@code <root>/nodes} right now. */
    List<String> registeredNodes() throws Exception {
        return client.getChildren().forPath(root + "/nodes");
    }

    /** The ZooKeeper session that holds {@code node}'s registration now; 0 while it is not registered. */
    long sessionOf(ProxyServer node) throws Exception {
        Stat registration = client.checkExists().forPath(root + "/nodes/" + node.runtime().nodeId());
        return registration == null ? 0 : registration.getEphemeralOwner();
    }

    void stopNodes() {
        nodes.forEach(ProxyServer::close);
        nodes.clear();
    }

    static RespSocket login(ProxyServer node, String password) {
        RespSocket c = new RespSocket(node.port());
        assertEquals("+OK", c.call("AUTH", password));
        return c;
    }

    @Override
    public void close() throws IOException {
        stopNodes();
        client.close();
        zk.close();
        redis.close();
    }
}
