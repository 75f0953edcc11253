package io.rkproxy.client.discovery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.client.harness.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a {@link ProxyNodeWatcher} reports as registration znodes come, change and go in a real ZooKeeper. */
class ProxyNodeWatcherTest {

    static TestingServer zookeeper;
    static CuratorFramework curator;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zookeeper = new TestingServer(true);
        curator = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new ExponentialBackoffRetry(100, 3));
        curator.start();
        curator.blockUntilConnected();
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        curator.close();
        zookeeper.close();
    }

    @Test
    void reportsNodesAsTheyComeMoveAndGo() throws Exception {
        String root = "/watch/moves";
        curator.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                .forPath(root + "/nodes/a", "address: 10.0.0.1:6380\n".getBytes(UTF_8));
        List<String> events = new CopyOnWriteArrayList<>();
        try (ProxyNodeWatcher watcher = new ProxyNodeWatcher(curator, root, recordingInto(events))) {
            assertTrue(watcher.start(Duration.ofSeconds(10)));
            assertEquals(List.of("up a 10.0.0.1:6380"), events);

            curator.create().withMode(CreateMode.EPHEMERAL)
                    .forPath(root + "/nodes/b", "address: 10.0.0.2:6380\nstarted: 1\n".getBytes(UTF_8));
            curator.setData().forPath(root + "/nodes/b", "address: 10.0.0.2:6380\nstarted: 2\n".getBytes(UTF_8));
            curator.setData().forPath(root + "/nodes/a", "address: 10.0.0.9:6380\n".getBytes(UTF_8));
            curator.delete().forPath(root + "/nodes/b");
            Eventually.until(() -> events.size() == 5, "five events");
            // each node's events come in order; between two nodes, the order is Curator's cache's
            assertEquals(List.of("up a 10.0.0.1:6380", "down a 10.0.0.1:6380", "up a 10.0.0.9:6380"),
                    eventsOf("a", events));
            assertEquals(List.of("up b 10.0.0.2:6380", "down b 10.0.0.2:6380"), eventsOf("b", events));
        }
    }

    @Test
    void leavesOutZnodesWithoutAnAddress() throws Exception {
        String root = "/watch/junk";
        curator.create().creatingParentsIfNeeded().forPath(root + "/nodes/junk", "hello".getBytes(UTF_8));
        curator.create().forPath(root + "/nodes/good", "address: 10.0.0.3:6380".getBytes(UTF_8));
        List<String> events = new CopyOnWriteArrayList<>();
        try (ProxyNodeWatcher watcher = new ProxyNodeWatcher(curator, root, recordingInto(events))) {
            assertTrue(watcher.start(Duration.ofSeconds(10)));
            assertEquals(List.of("up good 10.0.0.3:6380"), events);
        }
    }

    private static ProxyNodeWatcher.Listener recordingInto(List<String> events) {
        return new ProxyNodeWatcher.Listener() {
            @Override
            public void nodeUp(ProxyNode node) {
                events.add("up " + node.id() + " " + node.address());
            }

            @Override
            public void nodeDown(ProxyNode node) {
                events.add("down " + node.id() + " " + node.address());
            }
        };
    }

    private static List<String> eventsOf(String node, List<String> events) {
        return events.stream().filter(e -> e.split(" ")[1].equals(node)).toList();
    }
}
