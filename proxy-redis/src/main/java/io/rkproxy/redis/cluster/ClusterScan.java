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
import java.util.ArrayList;
import java.util.List;

/**
 * SCAN over the whole cluster: the masters are walked one after another, in the order of the slots they serve,
 * and the client's cursor carries both which master (the low {@link #NODE_BITS} bits) and that master's own
 * cursor (the rest). Redis cursors stay far below 2^54 (they index a hash table), so nothing is lost. A failover
 * keeps the order, since the promoted replica serves the same slots.
 *
 * <p>One call fills its page as Redis does, up to about COUNT keys: when a master is done before that many came
 * back, the same SCAN goes on to the next master from its start, so a small keyspace is listed in one call. The
 * keys keep the masters' order, and a call goes no further than the last master, so it makes at most one pass.
 */
final class ClusterScan {

    static final int NODE_BITS = 10;
    /** Redis's COUNT when the client gives none. */
    static final long DEFAULT_COUNT = 10;
    private static final long NODE_MASK = (1L << NODE_BITS) - 1;

    private final ClusterRoute route;
    private final List<Address> masters;
    /** The client's SCAN; its cursor (argument 1) is replaced by each master's own. */
    private final byte[][] args;
    private final long count;
    private final ReplyCallback callback;
    private final List<RespValue> page = new ArrayList<>();

    private ClusterScan(ClusterRoute route, List<Address> masters, byte[][] args, ReplyCallback callback) {
        this.route = route;
        this.masters = masters;
        this.args = args;
        this.count = count(args);
        this.callback = callback;
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
            args[i] = command.argBytes(i);
        }
        command.release();
        new ClusterScan(route, masters, args, callback).scan(node, cursor >>> NODE_BITS);
    }

    /**
     * The last COUNT among the options, which come in pairs as Redis reads them; the default when there is none or
     * it is no number, which the master then refuses itself.
     */
    private static long count(byte[][] args) {
        long count = DEFAULT_COUNT;
        for (int i = 2; i + 1 < args.length; i += 2) {
            if (new String(args[i], StandardCharsets.US_ASCII).equalsIgnoreCase("count")) {
                try {
                    count = Long.parseLong(new String(args[i + 1], StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    count = DEFAULT_COUNT;
                }
            }
        }
        return count;
    }

    private void scan(int node, long nodeCursor) {
        args[1] = Long.toUnsignedString(nodeCursor).getBytes(StandardCharsets.US_ASCII);
        route.sendKeyspaceQuery(masters.get(node), RespCommand.of(args), new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                answered(node, RespValue.consume(frame));
            }

            @Override
            public void onError(String redisError) {
                callback.onError(redisError);
            }
        });
    }

    private void answered(int node, RespValue reply) {
        if (reply instanceof RespValue.Error error) {
            callback.onError(error.text());
            return;
        }
        long nodeCursor;
        try {
            nodeCursor = Long.parseUnsignedLong(reply.items().get(0).asText());
            page.addAll(reply.items().get(1).items());
        } catch (RuntimeException e) {
            callback.onError(RespErrors.poolUnavailable(route.poolName(),
                    "a node's SCAN reply is not a cursor and keys: " + reply));
            return;
        }
        if (nodeCursor >>> (Long.SIZE - NODE_BITS) != 0) {
            callback.onError(RespErrors.poolUnavailable(route.poolName(),
                    "a node's SCAN cursor is too large to combine with a node number"));
            return;
        }
        boolean lastMaster = node + 1 == masters.size();
        if (nodeCursor == 0 && !lastMaster && page.size() < count) {
            scan(node + 1, 0);
            return;
        }
        long next = nodeCursor != 0 ? nodeCursor << NODE_BITS | node : lastMaster ? 0 : node + 1;
        RespValue out = new RespValue.Array(List.of(
                new RespValue.Bulk(Long.toUnsignedString(next).getBytes(StandardCharsets.US_ASCII)),
                new RespValue.Array(page)));
        callback.onReply(RespValueEncoder.encode(out, ByteBufAllocator.DEFAULT.buffer(), route.protocol()));
    }
}
