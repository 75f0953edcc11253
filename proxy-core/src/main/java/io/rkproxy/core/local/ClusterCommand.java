package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.PoolType;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code CLUSTER} for a tenant of a cluster pool, who sees one server: that server, this proxy node at the address
 * the client reached it by, owns every slot. INFO, SLOTS, SHARDS, NODES, MYID and KEYSLOT answer as a one-node
 * cluster would, so cluster-aware clients and tools keep talking to the proxy. What would change the cluster, or
 * list keys by their backend slot, is refused. On a standalone pool the answer is a standalone Redis's.
 */
final class ClusterCommand implements LocalCommand {

    static final String DISABLED = "ERR This instance has cluster support disabled";
    private static final int LAST_SLOT = SlotHash.SLOT_COUNT - 1;
    private static final int CLUSTER_BUS_OFFSET = 10000;

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        if (ctx.pool() == null || ctx.pool().config().type() != PoolType.REDIS_CLUSTER) {
            session.replyError(DISABLED);
            return;
        }
        if (command.argCount() < 2) {
            session.replyError(RespErrors.wrongArgs("cluster"));
            return;
        }
        String sub = command.argString(1).toLowerCase(Locale.ROOT);
        Node self = Node.of(session);
        switch (sub) {
            case "info" -> session.reply(RespReplies.bulk(session.alloc(), info()));
            case "myid" -> session.reply(RespReplies.bulk(session.alloc(), self.id()));
            case "nodes" -> session.reply(RespReplies.bulk(session.alloc(), self.id() + " " + self.ip() + ":"
                    + self.port() + "@" + (self.port() + CLUSTER_BUS_OFFSET) + " myself,master - 0 0 1 connected 0-"
                    + LAST_SLOT + "\n"));
            case "slots" -> reply(session, array(array(new RespValue.Int(0), new RespValue.Int(LAST_SLOT),
                    array(bulk(self.ip()), new RespValue.Int(self.port()), bulk(self.id())))));
            case "shards" -> reply(session, array(map(bulk("slots"), array(new RespValue.Int(0),
                    new RespValue.Int(LAST_SLOT)), bulk("nodes"), array(map(bulk("id"), bulk(self.id()),
                    bulk("port"), new RespValue.Int(self.port()), bulk("ip"), bulk(self.ip()), bulk("endpoint"),
                    bulk(self.ip()), bulk("role"), bulk("master"), bulk("replication-offset"), new RespValue.Int(0),
                    bulk("health"), bulk("online"))))));
            case "keyslot" -> {
                if (command.argCount() != 3) {
                    session.replyError(RespErrors.wrongArgs("cluster|keyslot"));
                } else {
                    session.reply(RespReplies.integer(session.alloc(), SlotHash.slot(command.arg(2))));
                }
            }
            case "help" -> session.forwardAsPoolUser(ctx, command.retain(), session.reserve());
            default -> session.refuse(Refusal.NO_PERMISSION, RespErrors.noPermission("cluster|" + sub));
        }
    }

    private static String info() {
        return "cluster_state:ok\r\ncluster_slots_assigned:" + SlotHash.SLOT_COUNT + "\r\ncluster_slots_ok:"
                + SlotHash.SLOT_COUNT + "\r\ncluster_slots_pfail:0\r\ncluster_slots_fail:0\r\n"
                + "cluster_known_nodes:1\r\ncluster_size:1\r\ncluster_current_epoch:1\r\ncluster_my_epoch:1\r\n"
                + "cluster_stats_messages_sent:0\r\ncluster_stats_messages_received:0\r\n"
                + "total_cluster_links_buffer_limit_exceeded:0\r\n";
    }

    private static void reply(LocalContext session, RespValue value) {
        session.reply(RespValueEncoder.encode(value, session.alloc().buffer(), session.protocol()));
    }

    private static RespValue array(RespValue... items) {
        return new RespValue.Array(List.of(items));
    }

    private static RespValue map(RespValue... keysAndValues) {
        return new RespValue.Dict(List.of(keysAndValues));
    }

    private static RespValue bulk(String text) {
        return new RespValue.Bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    /** This proxy node as the one node of the tenant's cluster. */
    private record Node(String id, String ip, int port) {

        static Node of(LocalContext session) {
            SocketAddress local = session.localAddress();
            String ip = "127.0.0.1";
            int port = 0;
            if (local instanceof InetSocketAddress inet) {
                ip = inet.getAddress().getHostAddress();
                port = inet.getPort();
            }
            return new Node(clusterId(session.runtime().nodeId()), ip, port);
        }

        /** A cluster node id is 40 hex digits; the proxy's node id, hashed, gives one that stays the same. */
        private static String clusterId(String nodeId) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                        .digest(nodeId.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java has SHA-1", e);
            }
        }
    }
}
