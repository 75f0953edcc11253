package io.rkproxy.client.discovery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.client.harness.Eventually;
import io.rkproxy.client.harness.ProxyYaml;
import io.rkproxy.server.FaultRow;
import io.rkproxy.testkit.ProxyProcess;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;

/**
 * Two rkproxy nodes, each a process of its own, take their config from a real ZooKeeper and register there; one is
 * killed (SIGKILL) under load, as a crash would, so its registration stays until its ZooKeeper session expires.
 */
class ProxyNodeCrashTest {

    private static final String ROOT = "/rkproxy/node-crash";
    private static final long SESSION_TIMEOUT_MS = 4_000;
    private static final int CLIENTS = 2;
    private static final JedisClientConfig APP = DefaultJedisClientConfig.builder().password("app-secret")
            .connectionTimeoutMillis(1_000).socketTimeoutMillis(5_000).build();

    /**
     * Clients of a {@link DiscoveryKafkaJedisPool} SET and GET through both nodes; one node is killed. The clients
     * carry on through the other while the dead node is still registered (the pool skips a node that refuses
     * connections): an error only for each connection the dead node had lent or kept idle, at most one per client,
     * and only within the ZooKeeper session timeout of the kill; none wrong, every acknowledged SET in redis, and the
     * dead node leaves the pool's list once its session expires.
     */
    @Test
    void sigkillOfOneOfTwoNodesDiscoveryClientsCarryOnThroughTheOther() throws Exception {
        try (RedisServer redis = RedisServer.start();
             TestingServer zookeeper = new TestingServer(true);
             CuratorFramework curator = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(),
                     new ExponentialBackoffRetry(100, 3))) {
            curator.start();
            curator.blockUntilConnected();
            put(curator, "pools/cache", "{type: redis, nodes: [\"" + redis.address() + "\"], connect-timeout-ms: 500,"
                    + " response-timeout-ms: 1000}");
            put(curator, "tenants/app", "{password: app-secret, pool: cache, db: 1}");
            CompletableFuture<ProxyProcess> starting = CompletableFuture.supplyAsync(
                    () -> ProxyProcess.start(nodeConfig(zookeeper)));
            try (ProxyProcess victim = ProxyProcess.start(nodeConfig(zookeeper));
                 ProxyProcess survivor = starting.get(60, TimeUnit.SECONDS);
                 DiscoveryKafkaJedisPool pool = new DiscoveryKafkaJedisPool(curator, ROOT, APP)) {
                Eventually.until(() -> pool.nodes().size() == 2, "both nodes listed");
                long[] droppedMs = new long[1];
                DiscoveryLoad load = DiscoveryLoad.run(pool, CLIENTS, FaultRow.seconds(8), 1_500, () -> {
                    long killed = System.nanoTime();
                    victim.kill();
                    Eventually.until(() -> pool.nodes().stream().noneMatch(n -> n.port() == victim.port()),
                            "the killed node dropped once its session expired");
                    droppedMs[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                });
                FaultRow row = load.row("SIGKILL of one of two nodes (discovery)", SESSION_TIMEOUT_MS,
                        lostOf(redis, load.acknowledged()));
                System.out.println(row);
                System.out.println("  the killed node left the pool's list " + droppedMs[0] + " ms after the kill; "
                        + load.okDuringFault() + " ops succeeded meanwhile");

                assertTrue(row.ok() > 0, row::toString);
                assertEquals(0, row.wrong(), row::toString);
                assertEquals(0, row.hung(), row::toString);
                assertEquals(0, row.lost(), row::toString);
                assertTrue(row.errors() <= CLIENTS, () -> "an error only for each connection the dead node had; " + row);
                assertEquals(0, row.outside(), () -> "errors only within the session timeout of the kill; " + row);
                assertTrue(load.okDuringFault() > 0, "the clients carried on while the dead node was registered");
                assertTrue(row.recoveryMs() >= 0 && row.recoveryMs() < SESSION_TIMEOUT_MS, row::toString);
                assertEquals(List.of(survivor.port()), pool.nodes().stream().map(ProxyNode::port).toList());
            }
        }
    }

    private static String nodeConfig(TestingServer zookeeper) {
        return """
                server:
                  bind: 127.0.0.1
                  port: ${port}
                  shutdown-timeout-ms: 1000
                """ + ProxyYaml.zookeeperSource(zookeeper.getConnectString(), ROOT, SESSION_TIMEOUT_MS);
    }

    private static void put(CuratorFramework curator, String path, String yaml) throws Exception {
        curator.create().creatingParentsIfNeeded().forPath(ROOT + "/" + path, yaml.getBytes(UTF_8));
    }

    /** How many acknowledged SETs db 1 does not hold. */
    private static long lostOf(RedisServer redis, Map<String, String> acknowledged) {
        List<String> keys = new ArrayList<>(acknowledged.keySet());
        try (RespSocket direct = new RespSocket(redis.port())) {
            direct.call("SELECT", "1");
            keys.forEach(key -> direct.send("GET", key));
            return keys.stream().filter(key -> !acknowledged.get(key).equals(direct.read())).count();
        }
    }
}
