package io.rkproxy.core.session;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.rkproxy.core.resp.RespCommandDecoder;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.runtime.PreAuthBuffers;
import io.rkproxy.core.runtime.UnauthenticatedConnections;
import java.net.InetAddress;

/**
 * An unauthenticated connection's hold on the node's pre-auth limits: its place among the unauthenticated
 * connections, taken when it was accepted, and the memory its decoder holds for input not framed yet, charged to the
 * node's budget after each read. A read that does not fit the budget closes the connection. The session removes this
 * handler when it authenticates ({@link ProxyChannelInitializer#authenticated}); removal, which the connection's end
 * also brings, gives everything back.
 */
final class PreAuthGuard extends ChannelInboundHandlerAdapter {

    private final UnauthenticatedConnections connections;
    private final PreAuthBuffers buffers;
    private final InetAddress address;
    private final RespCommandDecoder decoder;
    private long charged;
    private boolean removed;

    PreAuthGuard(UnauthenticatedConnections connections, PreAuthBuffers buffers, InetAddress address,
                 RespCommandDecoder decoder) {
        this.connections = connections;
        this.buffers = buffers;
        this.address = address;
        this.decoder = decoder;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.fireChannelRead(msg);
        if (removed) {
            // the session authenticated while it handled this read
            return;
        }
        long held = decoder.heldBytes();
        if (held > charged && !buffers.tryCharge(held - charged)) {
            buffers.closing(address);
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(RespReplies.error(ctx.alloc(), PreAuthBuffers.FULL))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (held < charged) {
            buffers.release(charged - held);
        }
        charged = held;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        removed = true;
        buffers.release(charged);
        charged = 0;
        connections.release(address);
    }
}
