package io.rkproxy.redis.cluster;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * SCAN over the whole cluster: the masters are walked one after another, in the order of the slots they serve,
 * and the client's cursor carries both which master (the low {@link #NODE_BITS} bits) and that master's own
 * cursor (the rest). Redis cursors stay far below 2^54 (they index a hash table), so nothing is lost. A failover
 * keeps the order, since the promoted replica serves the same slots.
 */
final class ClusterScan {

    static final int NODE_BITS = 10;
    private static final long NODE_MASK = (1L << NODE_BITS) - 1;

    private ClusterScan() {
    }

    /** Takes ownership of {@code command}. */
    static void run(ClusterRoute route, SlotTable table, RespCommand command, ReplyCallback callback) {
        List<Address> masters = table.mastersInSlotOrder();
        long cursor;
        try {
            cursor = Long.parseUnsignedLong(command.argString(1));
        } catch (NumberFormatException e) {
            command.release();
            callback.onError("ERR invalid cursor");
            return;
        }
        int node = (int) (cursor & NODE_MASK);
        if (node >= masters.size()) {
            command.release();
            callback.onError("ERR invalid cursor");
            return;
        }
        byte[][] args = new byte[command.argCount()][];
        for (int i = 0; i < args.length; i++) {
            args[i] = i == 1 ? Long.toUnsignedString(cursor >>> NODE_BITS).getBytes(StandardCharsets.US_ASCII)
                    : command.argBytes(i);
        }
        command.release();
        route.sendKeyspaceQuery(masters.get(node), RespCommand.of(args), new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                RespValue reply = RespValue.consume(frame);
                if (reply instanceof RespValue.Error error) {
                    callback.onError(error.text());
                    return;
                }
                long nodeCursor;
                RespValue keys;
                try {
                    nodeCursor = Long.parseUnsignedLong(reply.items().get(0).asText());
                    keys = reply.items().get(1);
                } catch (RuntimeException e) {
                    callback.onError(RespErrors.poolUnavailable(route.poolName(),
                            "a node's SCAN reply is not a cursor and keys: " + reply));
                    return;
                }
                long next = nodeCursor != 0 ? nodeCursor << NODE_BITS | node
                        : node + 1 < masters.size() ? node + 1 : 0;
                if (nodeCursor >>> (Long.SIZE - NODE_BITS) != 0) {
                    callback.onError(RespErrors.poolUnavailable(route.poolName(),
                            "a node's SCAN cursor is too large to combine with a node number"));
                    return;
                }
                RespValue out = new RespValue.Array(List.of(
                        new RespValue.Bulk(Long.toUnsignedString(next).getBytes(StandardCharsets.US_ASCII)),
                        keys));
                callback.onReply(RespValueEncoder.encode(out, ByteBufAllocator.DEFAULT.buffer(), route.protocol()));
            }

            @Override
            public void onError(String redisError) {
                callback.onError(redisError);
            }
        });
    }
}
