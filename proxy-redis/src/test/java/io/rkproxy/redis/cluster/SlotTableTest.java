package io.rkproxy.redis.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlotTableTest {

    private static RespValue resp(String text) {
        return RespValue.parse(Unpooled.copiedBuffer(text.replace("\n", "\r\n"), StandardCharsets.US_ASCII));
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\n" + s + "\n";
    }

    private static String shard(int from, int to, int masterPort, int replicaPort) {
        return "*4\n" + bulk("slots") + "*2\n:" + from + "\n:" + to + "\n" + bulk("nodes") + "*2\n"
                + node("m" + masterPort, masterPort, "master") + node("r" + replicaPort, replicaPort, "replica");
    }

    private static String node(String id, int port, String role) {
        return "*10\n" + bulk("id") + bulk(id) + bulk("port") + ":" + port + "\n" + bulk("ip") + bulk("127.0.0.1")
                + bulk("endpoint") + bulk("127.0.0.1") + bulk("role") + bulk(role);
    }

    @Test
    void clusterShardsGiveEverySlotItsMaster() {
        SlotTable table = SlotTable.fromShards(resp("*2\n" + shard(0, 8191, 7001, 7003)
                + shard(8192, 16383, 7002, 7004)));
        assertEquals(Optional.of(new Address("127.0.0.1", 7001)), table.masterOf(0));
        assertEquals(Optional.of(new Address("127.0.0.1", 7001)), table.masterOf(8191));
        assertEquals(Optional.of(new Address("127.0.0.1", 7002)), table.masterOf(8192));
        assertEquals(List.of(new Address("127.0.0.1", 7001), new Address("127.0.0.1", 7002)), table.masters());
        assertEquals(0, table.uncoveredSlots());
    }

    @Test
    void everyNodeIsKnownWithTheHealthTheClusterReports() {
        String failedReplica = "*12\n" + bulk("id") + bulk("r7004") + bulk("port") + ":7004\n" + bulk("ip")
                + bulk("127.0.0.1") + bulk("endpoint") + bulk("127.0.0.1") + bulk("role") + bulk("replica")
                + bulk("health") + bulk("failed");
        String shard = "*4\n" + bulk("slots") + "*2\n:8192\n:16383\n" + bulk("nodes") + "*2\n" + failedReplica
                + node("m7002", 7002, "master");
        SlotTable table = SlotTable.fromShards(resp("*2\n" + shard(0, 8191, 7001, 7003) + shard));
        assertEquals(List.of(new Address("127.0.0.1", 7001), new Address("127.0.0.1", 7002),
                new Address("127.0.0.1", 7003), new Address("127.0.0.1", 7004)), table.nodes());
        assertEquals(Optional.of("failed"), table.troubleOf(new Address("127.0.0.1", 7004)));
        assertEquals(Optional.empty(), table.troubleOf(new Address("127.0.0.1", 7003)));
        assertEquals(table.nodes(), table.withSlot(42, new Address("127.0.0.1", 7002)).nodes());
        assertEquals(table.nodes().subList(0, 3), table.connectableNodes(), "not the failed replica");
    }

    @Test
    void aMasterOfNoSlotYetIsInNoSlotRangeButWorthConnectingTo() {
        String slotless = "*4\n" + bulk("slots") + "*0\n" + bulk("nodes") + "*1\n" + node("m7005", 7005, "master");
        SlotTable table = SlotTable.fromShards(resp("*2\n" + shard(0, 16383, 7001, 7003) + slotless));
        assertEquals(List.of(new Address("127.0.0.1", 7001)), table.masters());
        assertEquals(List.of(new Address("127.0.0.1", 7001), new Address("127.0.0.1", 7003),
                new Address("127.0.0.1", 7005)), table.connectableNodes());
    }

    @Test
    void clusterSlotsListReplicasAfterTheMaster() {
        SlotTable table = SlotTable.fromSlots(resp("*2\n*4\n:0\n:99\n*3\n" + bulk("127.0.0.1") + ":7001\n"
                + bulk("id1") + "*3\n" + bulk("127.0.0.1") + ":7002\n" + bulk("id2")
                + "*4\n:100\n:199\n*3\n" + bulk("127.0.0.1") + ":7001\n" + bulk("id1") + "*3\n"
                + bulk("127.0.0.1") + ":7002\n" + bulk("id2")));
        assertEquals(List.of(new Address("127.0.0.1", 7001), new Address("127.0.0.1", 7002)), table.nodes());
        assertEquals(List.of(new Address("127.0.0.1", 7001)), table.masters());
    }

    @Test
    void clusterSlotsIsTheFallbackLayout() {
        SlotTable table = SlotTable.fromSlots(resp("*1\n*3\n:0\n:99\n*3\n" + bulk("127.0.0.1") + ":7001\n"
                + bulk("id1")));
        assertEquals(Optional.of(new Address("127.0.0.1", 7001)), table.masterOf(99));
        assertTrue(table.masterOf(100).isEmpty());
        assertEquals(16384 - 100, table.uncoveredSlots());
    }

    @Test
    void aMovedSlotGetsItsNewMasterInANewTable() {
        SlotTable before = SlotTable.fromShards(resp("*1\n" + shard(0, 16383, 7001, 7002)));
        SlotTable after = before.withSlot(42, new Address("127.0.0.1", 7009));
        assertEquals(Optional.of(new Address("127.0.0.1", 7009)), after.masterOf(42));
        assertEquals(Optional.of(new Address("127.0.0.1", 7001)), before.masterOf(42), "tables never change");
        assertEquals(Optional.of(new Address("127.0.0.1", 7001)), after.masterOf(43));
    }
}
