package io.rkproxy.core.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends a client connection so that its client reads every reply written to it and then end of stream, never a
 * reset. Closing a socket that still holds unread input makes the kernel send a reset, and a reset can throw away
 * replies the client has not read yet; a client that pipelines always has input on the way. So: the replies are
 * flushed, the output is shut (the client reads end of stream after the last reply), and whatever the client still
 * sends is read and dropped, never executed, until the client closes its end or {@link #LINGER} passes.
 */
public final class CleanClose {

    /** How long a client has, after its last reply and end of stream, to close its end. */
    public static final Duration LINGER = Duration.ofSeconds(1);

    private CleanClose() {
    }

    /**
     * Starts ending {@code channel}, unless that has begun already; the returned future completes when it is closed.
     * Safe from any thread.
     */
    public static ChannelFuture start(Channel channel) {
        if (channel.eventLoop().inEventLoop()) {
            begin(channel);
        } else {
            channel.eventLoop().execute(() -> begin(channel));
        }
        return channel.closeFuture();
    }

    private static void begin(Channel channel) {
        if (channel.pipeline().get(DiscardInput.class) != null) {
            return; // already ending
        }
        if (!channel.isActive() || !(channel instanceof DuplexChannel duplex)) {
            channel.close();
            return;
        }
        channel.pipeline().addFirst("discard-input", new DiscardInput());
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> closeNotify(channel).addListener(
                notified -> duplex.shutdownOutput().addListener(shut -> channel.config().setAutoRead(true))));
        ScheduledFuture<?> lingering = channel.eventLoop().schedule(() -> channel.close(), LINGER.toMillis(),
                TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> lingering.cancel(false));
    }

    /**
     * On a TLS connection, TLS's own end of stream (close_notify) first: OpenSSL 3 clients report a bare one as an
     * error, since a truncation attack would look the same.
     */
    private static ChannelFuture closeNotify(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        return tls == null ? channel.newSucceededFuture() : tls.closeOutbound();
    }

    /** Drops all input; the channel closes itself when the client's end of stream arrives. */
    private static final class DiscardInput extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
