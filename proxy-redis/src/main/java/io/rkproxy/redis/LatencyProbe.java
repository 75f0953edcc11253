package io.rkproxy.redis;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.RespCommand;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Measures each node's round trip once a second with a PING on the pool's shared connection to it that became ready
 * last ({@link NodeStats#probeThrough}). That costs one small command per node per second and nothing per command:
 * no timestamps on the hot path. The PING waits behind whatever that connection already has outstanding, so it
 * measures what a command sent now would see. A node with no open shared connection (no traffic yet, or down) is
 * not pinged and keeps its last figure.
 */
public final class LatencyProbe {

    static final long INTERVAL_MS = 1_000;

    private LatencyProbe() {
    }

    /** Pings {@code nodes} (a live view; it may grow) every interval from {@code loop}; cancel to stop. */
    public static ScheduledFuture<?> schedule(EventLoop loop, Collection<NodeStats> nodes) {
        return loop.scheduleAtFixedRate(() -> nodes.forEach(LatencyProbe::ping), INTERVAL_MS, INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    private static void ping(NodeStats node) {
        BackendConnection connection = node.probe();
        if (connection != null) {
            connection.channel().eventLoop().execute(() -> ping(node, connection));
        }
    }

    /** On the connection's event loop, which its sends require. */
    private static void ping(NodeStats node, BackendConnection connection) {
        if (!connection.isOpen()) {
            return;
        }
        long sentAt = System.nanoTime();
        connection.sendUnordered(RespCommand.of("PING"), new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                frame.release();
                node.latency(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sentAt));
            }

            @Override
            public void onError(String redisError) {
                // the connection was lost; its slot reports that
            }
        });
    }
}
