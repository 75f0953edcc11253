package io.rkproxy.redis.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.testkit.RedisCluster;
import io.rkproxy.testkit.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SlotTableAgainstClusterTest {

    /** The raw bytes of one reply, read until they parse as a complete value. */
    private static RespValue query(RedisServer node, String... args) throws IOException {
        RespCommand command = RespCommand.of(args);
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = new byte[command.content().readableBytes()];
            command.content().getBytes(command.content().readerIndex(), bytes);
            out.write(bytes);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] chunk = new byte[65536];
            while (true) {
                int n = in.read(chunk);
                got.write(chunk, 0, n);
                try {
                    return RespValue.parse(Unpooled.wrappedBuffer(got.toByteArray()));
                } catch (IllegalArgumentException incomplete) {
                    // more bytes to come
                }
            }
        } finally {
            command.release();
        }
    }

    @Test
    void tableFromClusterShardsAgreesWithTheClusterForEveryKey() throws IOException {
        try (RedisCluster cluster = RedisCluster.start(3, 0)) {
            SlotTable table = SlotTable.fromShards(query(cluster.masters().get(0), "CLUSTER", "SHARDS"));
            SlotTable fallback = SlotTable.fromSlots(query(cluster.masters().get(0), "CLUSTER", "SLOTS"));
            assertEquals(0, table.uncoveredSlots());
            assertEquals(3, table.masters().size());
            for (String key : new String[] {"foo", "bar", "{user1}.a", "x", "rkproxy"}) {
                int slot = SlotHash.slot(key.getBytes(StandardCharsets.UTF_8));
                assertEquals(cluster.slotOf(key), slot, key);
                Address expected = new Address("127.0.0.1", cluster.masterForSlot(slot).port());
                assertEquals(expected, table.masterOf(slot).orElseThrow(), key);
                assertEquals(expected, fallback.masterOf(slot).orElseThrow(), key);
            }
        }
    }
}
