package io.rkproxy.redis.cluster;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.redis.PinnedConnection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * WAIT through a cluster pool: sent to every master the session wrote to since its last WAIT, each on a connection
 * of its own (a WAIT holds its connection until enough replicas answer or it times out, so it cannot share one),
 * and answered with the fewest replicas any of them counted.
 *
 * <p>Redis counts the replicas that acknowledged the offset of the connection's own last write, and the session's
 * writes went over other connections. So before the WAIT each connection writes a mark that changes nothing:
 * {@code MULTI, SET <prefix>{rkproxy-wait-n}:<nonce> "", DEL ..., EXEC} on a key of a slot that master serves. The
 * nonce, random per proxy process, keeps the mark off every key a client would name (the key must be inside the
 * tenant's prefix, which its ACL user confines it to, so any name there is one a client could write). Every write the session made there was replicated before the mark (a write's reply follows its
 * propagation), so a replica that acknowledged the mark has them all. A session that wrote nowhere sends WAIT alone,
 * to any master, as a Redis connection without writes would get the count at once. A key prefix with a hash tag
 * puts all of the tenant's keys in one slot: its WAIT goes to that slot's master alone, as a keyless write
 * elsewhere changed none of them. Used only from its event loop.
 */
final class ClusterWait {

    private static final String NONCE = nonce();
    private static final String MARK_FAILED = "ERR rkproxy could not mark the session's writes on master %s before "
            + "WAIT: %s";

    private final IdlePinned idle;
    private final ClusterRoute route;
    private final List<PinnedConnection> open = new ArrayList<>();

    ClusterWait(IdlePinned idle, ClusterRoute route) {
        this.idle = idle;
        this.route = route;
    }

    /**
     * Sends {@code wait} to each of {@code masters} (at least one), each behind a mark when {@code markWrites};
     * takes ownership of {@code wait}.
     */
    void run(RespCommand wait, List<Address> written, SlotTable table, boolean markWrites, ReplyCallback callback) {
        List<Address> masters = markWrites ? holdingWrites(written, table, route.keyPrefix()) : written;
        Gather gather = new Gather(masters.size(), route.protocol(), callback, ClusterWait::fewest);
        for (int i = 0; i < masters.size(); i++) {
            Address master = masters.get(i);
            PinnedConnection connection = new PinnedConnection(idle.take(master), idle.connector(master),
                    c -> idle.recycle(master, c));
            open.add(connection);
            String[] markError = {null};
            if (markWrites) {
                mark(connection, master, table, markError);
            }
            ReplyCallback part = gather.part(i);
            connection.send(i == masters.size() - 1 ? wait : wait.retain(), new ReplyCallback() {
                @Override
                public void onReply(ByteBuf frame) {
                    open.remove(connection);
                    connection.release();
                    if (markError[0] != null) {
                        frame.release();
                        part.onError(String.format(MARK_FAILED, master, markError[0]));
                    } else {
                        part.onReply(frame);
                    }
                }

                @Override
                public void onError(String redisError) {
                    open.remove(connection);
                    connection.close();
                    part.onError(redisError);
                }
            });
        }
    }

    /** The mark: a write of nothing, in one transaction so no one sees the key; a failure goes to {@code error}. */
    private void mark(PinnedConnection connection, Address master, SlotTable table, String[] error) {
        byte[] key = markKey(table, master, route.keyPrefix());
        if (key == null) {
            error[0] = "it serves no slot";
            return;
        }
        connection.send(RespCommand.of("MULTI"), ReplyCallback.DISCARD);
        connection.send(RespCommand.of("SET".getBytes(StandardCharsets.US_ASCII), key, new byte[0]),
                ReplyCallback.DISCARD);
        connection.send(RespCommand.of("DEL".getBytes(StandardCharsets.US_ASCII), key), ReplyCallback.DISCARD);
        connection.send(RespCommand.of("EXEC"), new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                RespValue reply = RespValue.consume(frame);
                if (!(reply instanceof RespValue.Array)) {
                    error[0] = reply instanceof RespValue.Error e ? e.text() : "EXEC answered " + reply;
                }
            }

            @Override
            public void onError(String redisError) {
                error[0] = redisError;
            }
        });
    }

    /** {@code written}, or for a prefix with a hash tag the master of its slot, where all the tenant's keys are. */
    static List<Address> holdingWrites(List<Address> written, SlotTable table, String prefix) {
        int slot = SlotHash.slot((prefix + "{a}").getBytes(StandardCharsets.UTF_8));
        boolean tagged = slot == SlotHash.slot((prefix + "{b}").getBytes(StandardCharsets.UTF_8));
        return tagged ? table.masterOf(slot).map(List::of).orElse(written) : written;
    }

    /** A key inside {@code prefix} of a slot {@code master} serves, or null when it serves none. */
    static byte[] markKey(SlotTable table, Address master, String prefix) {
        for (int n = 0; n < 8 * SlotHash.SLOT_COUNT; n++) {
            byte[] key = (prefix + "{rkproxy-wait-" + n + "}" + NONCE).getBytes(StandardCharsets.UTF_8);
            if (table.masterOf(SlotHash.slot(key)).map(master::equals).orElse(false)) {
                return key;
            }
        }
        return null;
    }

    private static String nonce() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return ":" + HexFormat.of().formatHex(random);
    }

    private static RespValue fewest(List<RespValue> replies) {
        return new RespValue.Int(replies.stream().mapToLong(RespValue::asLong).min().orElseThrow());
    }

    int outstanding() {
        return open.stream().mapToInt(PinnedConnection::outstanding).sum();
    }

    void unblockForShutdown() {
        open.forEach(PinnedConnection::unblockForShutdown);
    }

    void close() {
        List<PinnedConnection> closing = List.copyOf(open);
        open.clear();
        closing.forEach(PinnedConnection::close);
    }
}
