package io.rkproxy.core.route;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.rkproxy.core.backend.ReplyFormat;
import io.rkproxy.core.resp.Protocol;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * What a client connection is, apart from its tenant: its id and channel, the protocol it speaks, its name and what
 * it last ran. Written on the session's event loop; read by other sessions' CLIENT LIST and KILL on other loops.
 */
public final class ClientInfo implements ReplyFormat {

    private final long id;
    private final Channel channel;
    private final long createdNanos;
    private volatile Protocol protocol = Protocol.RESP2;
    private volatile String name;
    private volatile String lastCommand = "NULL";
    private volatile long lastActiveNanos;
    private volatile boolean monitoring;
    private volatile boolean noEvict;
    /** Formatted on first use (CLIENT LIST, the slow log), then kept: a connection's peer never changes. */
    private volatile String remoteAddress;

    public ClientInfo(long id, Channel channel, long createdNanos) {
        this.id = id;
        this.channel = channel;
        this.createdNanos = createdNanos;
        this.lastActiveNanos = createdNanos;
    }

    public long id() {
        return id;
    }

    public Channel channel() {
        return channel;
    }

    public EventLoop loop() {
        return channel.eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    public void protocol(Protocol protocol) {
        this.protocol = protocol;
    }

    public String clientName() {
        return name;
    }

    public void clientName(String name) {
        this.name = name;
    }

    public String lastCommand() {
        return lastCommand;
    }

    public void ran(String command, long nowNanos) {
        lastCommand = command;
        lastActiveNanos = nowNanos;
    }

    /**
     * CLIENT NO-EVICT: Redis then spares the connection when client memory passes {@code maxmemory-clients}. rkproxy
     * evicts no client for memory (its output limits apply either way), so the flag is kept only to be shown.
     */
    public boolean noEvict() {
        return noEvict;
    }

    public void noEvict(boolean on) {
        this.noEvict = on;
    }

    /** Whether the connection is in MONITOR mode. */
    public boolean monitoring() {
        return monitoring;
    }

    public void monitoring(boolean monitoring) {
        this.monitoring = monitoring;
    }

    /** The client's address as CLIENT LIST shows it. */
    public String remoteAddress() {
        String formatted = remoteAddress;
        if (formatted == null) {
            SocketAddress peer = channel.remoteAddress();
            formatted = String.valueOf(peer).replaceFirst("^/", "");
            if (peer != null) {
                remoteAddress = formatted;
            }
        }
        return formatted;
    }

    public long ageSeconds(long nowNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nowNanos - createdNanos);
    }

    public long idleSeconds(long nowNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nowNanos - lastActiveNanos);
    }
}
