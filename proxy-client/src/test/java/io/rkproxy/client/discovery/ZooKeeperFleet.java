package io.rkproxy.client.discovery;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.rkproxy.client.harness.KafkaProxyExtension;
import io.rkproxy.client.harness.ProxyYaml;
import io.rkproxy.client.harness.RunningProxy;
import java.io.IOException;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;

/**
 * A real ZooKeeper (curator-test) holding a config under {@link #root()}: kafka pool {@code events} and tenant
 * {@code app} (password {@link KafkaProxyExtension#APP}) with produce and consume on one topic. rkproxy nodes started
 * with {@link #startNode()} take that config from ZooKeeper and register under {@code <root>/nodes}.
 */
final class ZooKeeperFleet implements AutoCloseable {

    private static final String ROOT = "/rkproxy/client-test";

    private final TestingServer zookeeper;
    private final CuratorFramework curator;

    private ZooKeeperFleet(TestingServer zookeeper, CuratorFramework curator) {
        this.zookeeper = zookeeper;
        this.curator = curator;
    }

    static ZooKeeperFleet start(String bootstrap, String topic) throws Exception {
        TestingServer zookeeper = new TestingServer(true);
        CuratorFramework curator = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(),
                new ExponentialBackoffRetry(100, 3));
        curator.start();
        curator.blockUntilConnected();
        ZooKeeperFleet fleet = new ZooKeeperFleet(zookeeper, curator);
        fleet.create(ROOT + "/pools/events", ProxyYaml.kafkaPool(bootstrap, 5000), CreateMode.PERSISTENT);
        fleet.create(ROOT + "/tenants/app", ProxyYaml.kafkaTenant(KafkaProxyExtension.APP, "events", false,
                Map.of(topic, "[produce, consume]")), CreateMode.PERSISTENT);
        return fleet;
    }

    /** A node whose local config names this ZooKeeper; it registers itself once started. */
    RunningProxy startNode() {
        return RunningProxy.start(ProxyYaml.serverSection()
                + ProxyYaml.zookeeperSource(zookeeper.getConnectString(), ROOT, 5000));
    }

    /** Registers a node as rkproxy does, with an ephemeral znode, though nothing may run there. */
    void register(String id, String data) throws Exception {
        create(ROOT + "/nodes/" + id, data, CreateMode.EPHEMERAL);
    }

    void deregister(String id) throws Exception {
        curator.delete().forPath(ROOT + "/nodes/" + id);
    }

    private void create(String path, String data, CreateMode mode) throws Exception {
        curator.create().creatingParentsIfNeeded().withMode(mode).forPath(path, data.getBytes(UTF_8));
    }

    CuratorFramework curator() {
        return curator;
    }

    String root() {
        return ROOT;
    }

    @Override
    public void close() throws IOException {
        curator.close();
        zookeeper.close();
    }
}
