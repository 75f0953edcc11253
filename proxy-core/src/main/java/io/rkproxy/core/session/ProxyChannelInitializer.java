package io.rkproxy.core.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.config.ServerConfig;
import io.rkproxy.core.resp.RespCommandDecoder;
import io.rkproxy.core.runtime.ClientAddress;
import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.core.runtime.UnauthenticatedConnections;
import io.rkproxy.core.tls.HandshakeFailures;
import io.rkproxy.core.tls.ServerCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The one place that knows the order of a client connection's handlers. */
public final class ProxyChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final ProxyRuntime runtime;
    private final Supplier<ProxyAdmin> admin;
    private final ServerCertificates tls;

    /**
     * For the plain listener.
     *
     * @param admin the admin facade for the PROXY commands, null until the server has built it
     */
    public ProxyChannelInitializer(ProxyRuntime runtime, Supplier<ProxyAdmin> admin) {
        this(runtime, admin, null);
    }

    /** For the TLS listener, whose connections are served {@code tls}'s current certificate. */
    public ProxyChannelInitializer(ProxyRuntime runtime, Supplier<ProxyAdmin> admin, ServerCertificates tls) {
        this.runtime = runtime;
        this.admin = admin;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ServerConfig server = runtime.server();
        if (tls != null) {
            ch.pipeline()
                    .addLast("tls", tls.newHandler(ch.alloc()))
                    .addLast("handshake", HandshakeFailures.INSTANCE);
        }
        if (runtime.snapshot().config().openDefaultTenant().isPresent()) {
            ch.pipeline()
                    .addLast("decoder", new RespCommandDecoder(server.requestLimits()))
                    .addLast("session", new SessionHandler(runtime, admin));
            return;
        }
        InetSocketAddress remote = ch.remoteAddress();
        if (remote == null) {
            // gone before it could be set up
            ch.close();
            return;
        }
        InetAddress address = ClientAddress.of(remote.getAddress());
        Optional<UnauthenticatedConnections.Cap> refused = runtime.unauthenticated().admit(address);
        if (refused.isPresent()) {
            ch.pipeline().addLast("refused", new RefusedConnection(refused.get().error()));
            return;
        }
        RespCommandDecoder decoder = new RespCommandDecoder(server.unauthenticatedLimits());
        ch.pipeline()
                .addLast("preauth", new PreAuthGuard(runtime.unauthenticated(), runtime.preAuthBuffers(), address,
                        decoder))
                .addLast("decoder", decoder)
                .addLast("session", new SessionHandler(runtime, admin));
    }

    /**
     * The connection has dropped its authentication (RESET with no open default tenant): it is held to the pre-auth
     * limits again, and takes a place among the unauthenticated connections; when there is none, {@code refuse} is
     * told the error to close it with.
     */
    static void unauthenticatedAgain(Channel channel, ProxyRuntime runtime, Consumer<String> refuse) {
        ChannelPipeline pipeline = channel.pipeline();
        RespCommandDecoder decoder = pipeline.get(RespCommandDecoder.class);
        if (decoder == null || pipeline.get(PreAuthGuard.class) != null
                || !(channel.remoteAddress() instanceof InetSocketAddress remote)) {
            return;
        }
        decoder.limits(runtime.server().unauthenticatedLimits());
        InetAddress address = ClientAddress.of(remote.getAddress());
        Optional<UnauthenticatedConnections.Cap> refused = runtime.unauthenticated().admit(address);
        if (refused.isPresent()) {
            refuse.accept(refused.get().error());
            return;
        }
        pipeline.addBefore("decoder", "preauth", new PreAuthGuard(runtime.unauthenticated(), runtime.preAuthBuffers(),
                address, decoder));
    }

    /** The connection has authenticated: the authenticated request limits, and no pre-auth ones. */
    static void authenticated(Channel channel, ServerConfig server) {
        ChannelPipeline pipeline = channel.pipeline();
        RespCommandDecoder decoder = pipeline.get(RespCommandDecoder.class);
        if (decoder != null) {
            decoder.limits(server.requestLimits());
        }
        if (pipeline.get(PreAuthGuard.class) != null) {
            pipeline.remove(PreAuthGuard.class);
        }
    }
}
