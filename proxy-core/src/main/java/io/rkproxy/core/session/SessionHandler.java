package io.rkproxy.core.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespProtocolException;
import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.core.runtime.SampledLog;
import io.rkproxy.core.tls.ClientIdentities;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adapts channel events to a {@link ClientSession}: commands, protocol errors, writability, close. */
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);
    // Unknown peers can open connections as fast as they like: their closings are logged a line per interval.
    private static final SampledLog AUTH_TIMEOUTS = new SampledLog(log, Duration.ofSeconds(10));
    private static final SampledLog UNAUTHENTICATED_ERRORS = new SampledLog(log, Duration.ofSeconds(10));

    private final ProxyRuntime runtime;
    private final Supplier<ProxyAdmin> admin;
    private ClientSession session;
    private ScheduledFuture<?> authDeadline;

    SessionHandler(ProxyRuntime runtime, Supplier<ProxyAdmin> admin) {
        this.runtime = runtime;
        this.admin = admin;
    }

    /** The session on this channel, once it is active. */
    ClientSession session() {
        return session;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = new ClientSession(runtime, admin, ctx.channel());
        runtime.clients().add(ctx.channel());
        watchAuthentication(ctx);
        ctx.fireChannelActive();
    }

    /** An unauthenticated session, new or back from RESET, must authenticate within the auth timeout. */
    private void watchAuthentication(ChannelHandlerContext ctx) {
        if (session.isAuthenticated()) {
            if (authDeadline != null) {
                authDeadline.cancel(false);
                authDeadline = null;
            }
            return;
        }
        if (authDeadline != null) {
            return;
        }
        long timeout = runtime.server().authTimeout().toMillis();
        authDeadline = ctx.executor().schedule(() -> {
            authDeadline = null;
            if (!session.isAuthenticated()) {
                AUTH_TIMEOUTS.event(() -> "session " + session.id() + " from " + ctx.channel().remoteAddress()
                        + ": not authenticated within " + timeout + " ms, closing");
                session.closeAfter(RespErrors.AUTH_TIMEOUT);
            }
        }, timeout, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof RespCommand command) {
            session.handle(command);
            watchAuthentication(ctx);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** On the TLS listener: a verified client certificate may name the session's tenant. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            List<String> identities = ClientIdentities.of(tls.engine().getSession());
            if (!identities.isEmpty()) {
                session.certificateVerified(identities);
                watchAuthentication(ctx);
            }
        }
        ctx.fireUserEventTriggered(event);
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
            String line = "session " + session.id() + " from " + ctx.channel().remoteAddress() + ": "
                    + protocol.redisError() + "; closing";
            if (session.isAuthenticated()) {
                log.info(line);
            } else {
                UNAUTHENTICATED_ERRORS.event(() -> line);
            }
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
