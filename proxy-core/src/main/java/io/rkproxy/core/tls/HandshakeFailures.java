package io.rkproxy.core.tls;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.rkproxy.core.runtime.SampledLog;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right after a client connection's SslHandler: a failed handshake (a plain client on the TLS port, an
 * untrusted or missing client certificate) closes only that connection and is logged as one sampled line, not as
 * an error with a stack trace from every handler after it.
 */
@ChannelHandler.Sharable
public final class HandshakeFailures extends ChannelInboundHandlerAdapter {

    public static final HandshakeFailures INSTANCE = new HandshakeFailures();

    private static final Logger log = LoggerFactory.getLogger(HandshakeFailures.class);
    private static final SampledLog FAILURES = new SampledLog(log, Duration.ofSeconds(10));

    private HandshakeFailures() {
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            FAILURES.event(() -> "TLS handshake with " + ctx.channel().remoteAddress() + " failed: "
                    + reason(done.cause()));
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    /** The innermost message: OpenSSL's outer one says no more than "General OpenSslEngine problem". */
    private static String reason(Throwable failure) {
        String reason = failure.toString();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                reason = t.getMessage();
            }
        }
        return reason;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof SSLException) {
            // a failed handshake is logged by its event; a bad record later is no more than a lost connection
            log.debug("TLS connection from {}: {}", ctx.channel().remoteAddress(), root.toString());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
