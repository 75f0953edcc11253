package io.rkproxy.redis.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.rkproxy.core.backend.PushListener;
import io.rkproxy.core.backend.SubscriberLink;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.redis.SubscriberConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's subscriptions on a cluster. Channels and patterns live on the cluster's pub/sub node (see
 * {@link ClusterPool#pubSubNode}), where PUBLISH goes too, so that its count of receivers is complete; shard channels live on the master of their slot, as SPUBLISH requires. So a session may have a subscriber
 * connection to several nodes, and confirmations must still come back in the order of the commands: before a
 * command goes to another connection than the previous one, a {@code PING <fence>} is sent on the previous one, and
 * the command waits until that fence's answer shows every earlier confirmation is in. Used only from its event loop.
 */
final class ClusterSubscriberLink implements SubscriberLink {

    private record Pending(Address node, RespCommand command) {
    }

    private static final byte[] SUNSUBSCRIBE = "SUNSUBSCRIBE".getBytes(StandardCharsets.US_ASCII);

    private final ClusterPool pool;
    private final EventLoop loop;
    private final Protocol protocol;
    private final PushListener listener;
    private final Map<Address, SubscriberConnection> connections = new HashMap<>();
    /** Shard channels by the node they were subscribed on, for a bare SUNSUBSCRIBE. */
    private final Map<Address, List<byte[]>> shardChannels = new HashMap<>();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final Address main;
    private Address last;
    private byte[] fence;
    private long fences;
    private boolean closed;

    ClusterSubscriberLink(ClusterPool pool, EventLoop loop, Protocol protocol, PushListener listener, Address main) {
        this.pool = pool;
        this.loop = loop;
        this.protocol = protocol;
        this.listener = listener;
        this.main = main;
    }

    @Override
    public void send(RespCommand command) {
        if (closed) {
            command.release();
            return;
        }
        for (Map.Entry<Address, RespCommand> part : route(command).entrySet()) {
            Address node = part.getKey();
            RespCommand routed = part.getValue();
            if (fence != null || !waiting.isEmpty()) {
                waiting.add(new Pending(node, routed));
            } else {
                sendTo(node, routed);
            }
        }
    }

    /** Where a command goes: SSUBSCRIBE to its channels' master, SUNSUBSCRIBE to each master holding its channels. */
    private Map<Address, RespCommand> route(RespCommand command) {
        Map<Address, RespCommand> parts = new LinkedHashMap<>();
        SlotTable table = pool.topology().current();
        switch (command.name()) {
            case "ssubscribe" -> {
                Address owner = table.masterOf(SlotHash.slot(command.arg(1))).orElse(main);
                for (int i = 1; i < command.argCount(); i++) {
                    shardChannels.computeIfAbsent(owner, n -> new ArrayList<>()).add(command.argBytes(i));
                }
                parts.put(owner, command);
            }
            case "sunsubscribe" -> {
                Map<Address, List<byte[]>> byNode = new LinkedHashMap<>();
                if (command.argCount() == 1) {
                    shardChannels.forEach((node, channels) -> byNode.put(node, new ArrayList<>(channels)));
                    shardChannels.clear();
                } else {
                    for (int i = 1; i < command.argCount(); i++) {
                        byte[] channel = command.argBytes(i);
                        Address owner = ownerOf(channel);
                        byNode.computeIfAbsent(owner, n -> new ArrayList<>()).add(channel);
                    }
                }
                if (byNode.isEmpty()) {
                    parts.put(main, command);
                    return parts;
                }
                command.release();
                byNode.forEach((node, channels) -> {
                    List<byte[]> args = new ArrayList<>(channels.size() + 1);
                    args.add(SUNSUBSCRIBE);
                    args.addAll(channels);
                    parts.put(node, RespCommand.of(args.toArray(byte[][]::new)));
                });
            }
            default -> parts.put(main, command);
        }
        return parts;
    }

    /** The node a shard channel was subscribed on, forgetting it there; its slot's master if it never was. */
    private Address ownerOf(byte[] channel) {
        for (Map.Entry<Address, List<byte[]>> e : shardChannels.entrySet()) {
            if (e.getValue().removeIf(c -> Arrays.equals(c, channel))) {
                return e.getKey();
            }
        }
        return pool.topology().current().masterOf(SlotHash.slot(channel)).orElse(main);
    }

    private void sendTo(Address node, RespCommand command) {
        if (last != null && !last.equals(node) && fence == null) {
            fences++;
            fence = ("rkproxy-fence-" + fences).getBytes(StandardCharsets.US_ASCII);
            connection(last).send(RespCommand.of("PING".getBytes(StandardCharsets.US_ASCII), fence));
            waiting.addFirst(new Pending(node, command));
            return;
        }
        last = node;
        connection(node).send(command);
    }

    private SubscriberConnection connection(Address node) {
        return connections.computeIfAbsent(node, n -> new SubscriberConnection(
                pool.connector(n, ClusterPool.Tenant.POOL).connectPinned(loop, 0, protocol, reason -> { }), new Fenced()));
    }

    /** Passes a connection's frames on, except the answer to the fence, which lets the waiting commands go. */
    private final class Fenced implements PushListener {

        @Override
        public void onPush(ByteBuf frame) {
            if (fence != null && isFence(frame)) {
                frame.release();
                fence = null;
                last = null;
                Pending next;
                while (fence == null && (next = waiting.poll()) != null) {
                    sendTo(next.node(), next.command());
                }
                return;
            }
            listener.onPush(frame);
        }

        private boolean isFence(ByteBuf frame) {
            byte type = frame.getByte(frame.readerIndex());
            if (type != '*' && type != '>' && type != '$') {
                return false;
            }
            RespValue value = RespValue.parse(frame);
            RespValue token = value instanceof RespValue.Array a && a.items().size() == 2
                    && a.items().get(0) instanceof RespValue.Bulk kind && kind.asText().equals("pong")
                    ? a.items().get(1) : value;
            return token instanceof RespValue.Bulk bulk && Arrays.equals(bulk.bytes(), fence);
        }

        @Override
        public void onClosed(String redisError) {
            if (!closed) {
                close();
                listener.onClosed(redisError);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        waiting.forEach(p -> p.command().release());
        waiting.clear();
        connections.values().forEach(SubscriberConnection::close);
    }
}
