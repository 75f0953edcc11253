package io.rkproxy.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.config.ServerConfig;
import io.rkproxy.core.config.ServerTls;
import io.rkproxy.core.net.Transport;
import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.core.session.ProxyChannelInitializer;
import io.rkproxy.core.tls.ServerCertificates;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The proxy's listening sockets: the plain one ({@code server.port}), the TLS one ({@code server.tls}), or both.
 * The TLS listener's certificate files are checked for changes on a timer.
 */
final class Listeners {

    private static final WriteBufferWaterMark CLIENT_WATER_MARK =
            new WriteBufferWaterMark(256 * 1024, ServerConfig.CLIENT_WRITE_HIGH_WATER_BYTES);

    /** Null when {@code server.tls.plain} is false. */
    private final Channel plain;
    /** Null without {@code server.tls}. */
    private final Channel tls;
    private final ScheduledFuture<?> reloadCheck;

    private Listeners(Channel plain, Channel tls, ScheduledFuture<?> reloadCheck) {
        this.plain = plain;
        this.tls = tls;
        this.reloadCheck = reloadCheck;
    }

    /**
     * Opens the configured listeners.
     *
     * @param certificates the TLS listener's certificates, null without {@code server.tls}
     */
    static Listeners open(ServerConfig server, EventLoopGroup group, Transport transport, ProxyRuntime runtime,
                          Supplier<ProxyAdmin> admin, ServerCertificates certificates) throws InterruptedException {
        Channel plain = null;
        try {
            if (certificates == null || certificates.config().plain()) {
                plain = bind(server, server.port(), group, transport, new ProxyChannelInitializer(runtime, admin));
            }
            if (certificates == null) {
                return new Listeners(plain, null, null);
            }
            ServerTls config = certificates.config();
            Channel tls = bind(server, config.port(), group, transport,
                    new ProxyChannelInitializer(runtime, admin, certificates));
            long every = config.reloadCheck().toMillis();
            return new Listeners(plain, tls, group.scheduleWithFixedDelay(certificates::reloadIfChanged, every, every,
                    TimeUnit.MILLISECONDS));
        } catch (InterruptedException | RuntimeException e) {
            if (plain != null) {
                plain.close();
            }
            throw e;
        }
    }

    private static Channel bind(ServerConfig server, int port, EventLoopGroup group, Transport transport,
                                ProxyChannelInitializer initializer) throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, CLIENT_WATER_MARK)
                .childHandler(initializer)
                .bind(server.bind(), port).sync().channel();
    }

    /** The address the fleet and the log show: the plain listener's, or the TLS one's when it is the only one. */
    InetSocketAddress primary() {
        return (InetSocketAddress) (plain != null ? plain : tls).localAddress();
    }

    /** The plain port, or -1 when only TLS listens. */
    int plainPort() {
        return plain == null ? -1 : ((InetSocketAddress) plain.localAddress()).getPort();
    }

    /** The TLS port, or -1 without {@code server.tls}. */
    int tlsPort() {
        return tls == null ? -1 : ((InetSocketAddress) tls.localAddress()).getPort();
    }

    /** Stops accepting. */
    void close() {
        if (reloadCheck != null) {
            reloadCheck.cancel(false);
        }
        if (plain != null) {
            plain.close().syncUninterruptibly();
        }
        if (tls != null) {
            tls.close().syncUninterruptibly();
        }
    }

    /** Blocks until the listeners close. */
    void awaitClose() throws InterruptedException {
        if (plain != null) {
            plain.closeFuture().sync();
        }
        if (tls != null) {
            tls.closeFuture().sync();
        }
    }

    /** For the startup log line. */
    String describe() {
        return (plain == null ? "" : plain.localAddress().toString()) + (plain != null && tls != null ? " and " : "")
                + (tls == null ? "" : tls.localAddress() + " (TLS)");
    }
}
