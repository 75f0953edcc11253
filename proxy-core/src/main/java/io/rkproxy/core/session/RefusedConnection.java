package io.rkproxy.core.session;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.rkproxy.core.resp.RespReplies;

/** A connection refused when it was accepted: it gets the error and is closed, and nothing it sends is read. */
final class RefusedConnection extends ChannelInboundHandlerAdapter {

    private final String error;

    RefusedConnection(String error) {
        this.error = error;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(RespReplies.error(ctx.alloc(), error)).addListener(ChannelFutureListener.CLOSE);
    }
}
