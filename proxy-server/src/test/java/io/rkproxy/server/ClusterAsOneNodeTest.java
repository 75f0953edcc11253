package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.rkproxy.testkit.RespSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * To a tenant of a cluster pool, CLUSTER describes the proxy as a one-node cluster that owns every slot, so that
 * cluster-aware clients and tools work and keep talking to the proxy.
 */
class ClusterAsOneNodeTest {

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(0,
            "alice: {password: alice-secret, pool: big}");

    @Test
    void clusterInfoSlotsAndNodesShowOneNodeAtTheProxysAddressOwningEverySlot() {
        try (RespSocket alice = proxy.login("alice-secret")) {
            String info = alice.call("CLUSTER", "INFO");
            assertTrue(info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:1")
                    && info.contains("cluster_slots_assigned:16384"), info);
            String id = alice.call("CLUSTER", "MYID");
            assertTrue(id.matches("[0-9a-f]{40}"), id);
            assertEquals("0\n16383\n127.0.0.1\n" + proxy.port() + "\n" + id, alice.call("CLUSTER", "SLOTS")
                    .replace(":", ""));
            assertEquals(id + " 127.0.0.1:" + proxy.port() + "@" + (proxy.port() + 10000)
                    + " myself,master - 0 0 1 connected 0-16383\n", alice.call("CLUSTER", "NODES"));
            assertTrue(alice.call("CLUSTER", "SHARDS").contains("online"));
            assertEquals(":11058", alice.call("CLUSTER", "KEYSLOT", "somekey"));
            assertEquals(":12182", alice.call("CLUSTER", "KEYSLOT", "{foo}bar"));
        }
    }

    @Test
    void whatWouldChangeTheClusterIsRefused() {
        try (RespSocket alice = proxy.login("alice-secret")) {
            for (String[] command : List.of(new String[] {"CLUSTER", "MEET", "127.0.0.1", "1"},
                    new String[] {"CLUSTER", "FAILOVER"}, new String[] {"CLUSTER", "RESET"},
                    new String[] {"CLUSTER", "GETKEYSINSLOT", "0", "10"})) {
                String reply = alice.call(command);
                assertTrue(reply.startsWith("-NOPERM this user has no permissions to run the 'cluster|"), reply);
            }
            assertTrue(alice.call("CLUSTER", "HELP").contains("KEYSLOT"));
        }
        assertEquals(3, proxy.cluster().masters().size(), "the backend cluster is as it was");
    }

    @Test
    void lettucesClusterClientWorksThroughTheProxyAsOneNode() {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.Builder.redis("127.0.0.1", proxy.port())
                .withPassword("alice-secret".toCharArray()).build());
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            RedisAdvancedClusterCommands<String, String> redis = connection.sync();
            for (int i = 0; i < 50; i++) {
                redis.set("lettuce-cluster" + i, "v" + i);
            }
            for (int i = 0; i < 50; i++) {
                assertEquals("v" + i, redis.get("lettuce-cluster" + i));
            }
            List<RedisClusterNode> nodes = List.copyOf(client.getPartitions().getPartitions());
            assertEquals(1, nodes.size());
            assertEquals(proxy.port(), nodes.get(0).getUri().getPort());
        } finally {
            client.shutdown();
        }
        assertEquals("v7", proxy.backendCall("alice:lettuce-cluster7", "GET", "alice:lettuce-cluster7"),
                "the keys are the tenant's, under its prefix on the backend");
    }
}
