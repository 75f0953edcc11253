package io.rkproxy.core.session;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.rkproxy.core.resp.RespCommandDecoder;
import io.rkproxy.core.resp.RespLimits;

/** The one place that knows the order of a client connection's handlers. */
public final class ProxyChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** Flushes at most every this many replies while a read is in progress; the rest are coalesced. */
    private static final int EXPLICIT_FLUSH_AFTER = 256;

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
                .addLast("flush", new FlushConsolidationHandler(EXPLICIT_FLUSH_AFTER, true))
                .addLast("decoder", new RespCommandDecoder(limits))
                .addLast("session", new SessionHandler(runtime));
    }
}
