package io.rkproxy.core.session;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.rkproxy.core.resp.RespCommandDecoder;
import io.rkproxy.core.resp.RespLimits;

/** The one place that knows the order of a client connection's handlers. */
public final class ProxyChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final ProxyRuntime runtime;

    public ProxyChannelInitializer(ProxyRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        RespLimits limits = runtime.snapshot().config().openDefaultTenant().isPresent()
                ? runtime.server().requestLimits()
                : RespLimits.UNAUTHENTICATED;
        ch.pipeline()
                .addLast("decoder", new RespCommandDecoder(limits))
                .addLast("session", new SessionHandler(runtime));
    }
}
