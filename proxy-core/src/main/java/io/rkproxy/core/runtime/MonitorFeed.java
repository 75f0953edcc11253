package io.rkproxy.core.runtime;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.rkproxy.core.command.AclCategory;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MONITOR for tenants: the commands each tenant's sessions send to this node go, as Redis's MONITOR lines, to the
 * MONITOR sessions of that tenant only. While nobody monitors, a command pays one volatile read ({@link #active}).
 *
 * <p>A MONITOR client that does not keep up is dropped: when a line would make more than {@link #MAX_BACKLOG_BYTES}
 * wait for it past its channel's low water mark, it gets neither that line nor any other, and an error ends its
 * connection. Lines are cut to a few kilobytes ({@link MonitorLine}), so a dropped client never holds much more.
 */
public final class MonitorFeed {

    static final long MAX_BACKLOG_BYTES = 4L << 20;
    static final String TOO_SLOW = "-ERR MONITOR client dropped: more than " + (MAX_BACKLOG_BYTES >> 20)
            + " MB of lines waited for it\r\n";
    private static final Logger log = LoggerFactory.getLogger(MonitorFeed.class);

    private final Map<String, Set<Channel>> monitors = new ConcurrentHashMap<>();
    private volatile int count;

    /** Whether anyone on this node monitors; the only cost a command pays while nobody does. */
    public boolean active() {
        return count > 0;
    }

    /** {@code monitor} gets the lines of {@code tenant}'s commands from now until it closes or {@link #stop}s. */
    public synchronized void start(String tenant, Channel monitor) {
        if (monitors.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(monitor)) {
            count++;
            monitor.closeFuture().addListener(f -> stop(monitor));
        }
    }

    /** Returns whether {@code monitor} was monitoring. */
    public synchronized boolean stop(Channel monitor) {
        boolean stopped = false;
        for (Set<Channel> channels : monitors.values()) {
            if (channels.remove(monitor)) {
                count--;
                stopped = true;
            }
        }
        monitors.values().removeIf(Set::isEmpty);
        return stopped;
    }

    /**
     * A command of {@code tenant}'s, as its client sent it. Administrative commands are left out, as Redis leaves
     * them out of MONITOR.
     *
     * @param spec the command's spec on the tenant's pool, or null when the pool does not know it
     */
    public void publish(String tenant, String clientAddress, RespCommand command, CommandSpec spec) {
        Set<Channel> channels = monitors.get(tenant);
        if (channels == null || spec != null && spec.resolve(command).inCategory(AclCategory.ADMIN)) {
            return;
        }
        byte[] line = MonitorLine.format(Instant.now(), clientAddress, command);
        for (Channel monitor : channels) {
            if (monitor.bytesBeforeWritable() + line.length > MAX_BACKLOG_BYTES) {
                drop(monitor);
            } else {
                monitor.writeAndFlush(Unpooled.wrappedBuffer(line), monitor.voidPromise());
            }
        }
    }

    /** The error goes after the lines already queued; a client that reads none of them is closed 5 seconds later. */
    private void drop(Channel monitor) {
        if (!stop(monitor)) {
            return;
        }
        log.info("MONITOR client {} dropped: more than {} bytes of lines waited for it", monitor.remoteAddress(),
                MAX_BACKLOG_BYTES);
        monitor.writeAndFlush(Unpooled.wrappedBuffer(TOO_SLOW.getBytes(StandardCharsets.US_ASCII)))
                .addListener(ChannelFutureListener.CLOSE);
        monitor.eventLoop().schedule(() -> monitor.close(), 5, TimeUnit.SECONDS);
    }
}
