package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisCluster;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A master that has joined but serves no slot yet is in no slot map, though the proxy already sends it the
 * commands a migration ASKs of it. Its own cluster: the new master stays.
 */
class ClusterNewMasterTest {

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(0,
            "alice: {password: alice-secret, pool: big}");

    @Test
    void aMasterImportingItsFirstSlotKeepsTheProxysConnectionsThroughASlotMapRefresh() throws Exception {
        RedisCluster cluster = proxy.cluster();
        int slot = cluster.slotOf("alice:first");
        RedisServer source = cluster.masterForSlot(slot);
        RedisServer target = cluster.addMaster();
        String s = Integer.toString(slot);
        assertEquals("+OK", target.call("CLUSTER", "SETSLOT", s, "IMPORTING", source.call("CLUSTER", "MYID")));
        assertEquals("+OK", source.call("CLUSTER", "SETSLOT", s, "MIGRATING", target.call("CLUSTER", "MYID")));
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("SET", "first", "1"), "asked of the new master");
            List<String> before = clientIds(target);
            assertFalse(before.isEmpty(), "the proxy connected to the new master");
            // topology-refresh-ms is 1000: at least one refresh happens meanwhile
            Thread.sleep(2_500);
            assertEquals("+OK", c.call("SET", "first", "2"));
            List<String> after = clientIds(target);
            assertTrue(after.containsAll(before), "connections closed by a refresh: " + before + " -> " + after);
        }
        try (RespSocket t = new RespSocket(target.port())) {
            t.call("ASKING");
            assertEquals("2", t.call("GET", "alice:first"));
        }
    }

    /** The ids of the clients connected to {@code node}, but for the connection that asks. */
    private static List<String> clientIds(RedisServer node) {
        return Arrays.stream(node.call("CLIENT", "LIST").split("\n"))
                .filter(line -> !line.contains(" cmd=client|list"))
                .map(line -> line.substring(0, line.indexOf(' ')))
                .toList();
    }
}
