package io.rkproxy.core.session;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.rkproxy.core.resp.Protocol;
import java.util.concurrent.TimeUnit;

/**
 * What a client connection is, apart from its tenant: its id and channel, the protocol it speaks, its name and what
 * it last ran. Written on the session's event loop; read by other sessions' CLIENT LIST and KILL on other loops.
 */
final class ClientInfo implements ReplyFormat {

    private final long id;
    private final Channel channel;
    private final long createdNanos;
    private volatile Protocol protocol = Protocol.RESP2;
    private volatile String name;
    private volatile String lastCommand = "NULL";
    private volatile long lastActiveNanos;

    ClientInfo(long id, Channel channel, long createdNanos) {
        this.id = id;
        this.channel = channel;
        this.createdNanos = createdNanos;
        this.lastActiveNanos = createdNanos;
    }

    long id() {
        return id;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    void protocol(Protocol protocol) {
        this.protocol = protocol;
    }

    String name() {
        return name;
    }

    void name(String name) {
        this.name = name;
    }

    String lastCommand() {
        return lastCommand;
    }

    void ran(String command, long nowNanos) {
        lastCommand = command;
        lastActiveNanos = nowNanos;
    }

    /** The client's address as CLIENT LIST shows it. */
    String remoteAddress() {
        return String.valueOf(channel.remoteAddress()).replaceFirst("^/", "");
    }

    long ageSeconds(long nowNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nowNanos - createdNanos);
    }

    long idleSeconds(long nowNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nowNanos - lastActiveNanos);
    }
}
