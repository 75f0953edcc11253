package io.rkproxy.core.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespProtocolException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adapts channel events to a {@link ClientSession}: commands, protocol errors, writability, close. */
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    private final ProxyRuntime runtime;
    private ClientSession session;
    private ScheduledFuture<?> authDeadline;

    SessionHandler(ProxyRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = new ClientSession(runtime, ctx.channel());
        runtime.clients().add(ctx.channel());
        if (!session.isAuthenticated()) {
            long timeout = runtime.server().authTimeout().toMillis();
            authDeadline = ctx.executor().schedule(() -> {
                if (!session.isAuthenticated()) {
                    log.info("session {} from {}: not authenticated within {} ms, closing", session.id(),
                            ctx.channel().remoteAddress(), timeout);
                    session.closeAfter(RespErrors.AUTH_TIMEOUT);
                }
            }, timeout, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof RespCommand command) {
            session.handle(command);
            if (authDeadline != null && session.isAuthenticated()) {
                authDeadline.cancel(false);
                authDeadline = null;
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        session.clientWritabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (authDeadline != null) {
            authDeadline.cancel(false);
        }
        session.closed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() instanceof RespProtocolException p
                ? p : cause;
        if (root instanceof RespProtocolException protocol) {
            log.info("session {} from {}: {}; closing", session.id(), ctx.channel().remoteAddress(),
                    protocol.redisError());
            session.closeAfter(protocol.redisError());
        } else if (root instanceof IOException) {
            log.debug("session {}: {}", session.id(), root.toString());
            ctx.close();
        } else {
            log.warn("session {}: unexpected error, closing", session.id(), root);
            ctx.close();
        }
    }
}
