package io.rkproxy.redis;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Future;
import io.rkproxy.core.backend.PushListener;
import io.rkproxy.core.backend.SubscriberLink;
import io.rkproxy.core.net.WriteBatcher;
import io.rkproxy.core.resp.RespCommand;
import java.util.ArrayDeque;

/**
 * A subscriber connection: once prepared, its request/reply handler is swapped for one that hands every frame to
 * the session, since in subscribed mode one command may bring many frames and messages come unasked. Used only
 * from its event loop.
 */
public final class SubscriberConnection implements SubscriberLink {

    private final PushListener listener;
    private final ArrayDeque<RespCommand> queued = new ArrayDeque<>();
    private Channel channel;
    private WriteBatcher out;
    private boolean closed;

    public SubscriberConnection(Future<BackendConnection> ready, PushListener listener) {
        this.listener = listener;
        ready.addListener(f -> opened(ready));
    }

    private void opened(Future<BackendConnection> ready) {
        if (!ready.isSuccess()) {
            queued.forEach(RespCommand::release);
            queued.clear();
            if (!closed) {
                closed = true;
                listener.onClosed(ready.cause().getMessage());
            }
            return;
        }
        channel = ready.getNow().channel();
        channel.pipeline().replace("connection", "push", new PushHandler());
        out = new WriteBatcher(channel);
        if (closed) {
            channel.close();
            return;
        }
        RespCommand q;
        while ((q = queued.poll()) != null) {
            write(q);
        }
    }

    @Override
    public void send(RespCommand command) {
        if (closed) {
            command.release();
        } else if (channel == null) {
            queued.add(command);
        } else {
            write(command);
        }
    }

    private void write(RespCommand command) {
        out.write(command.content().retain());
        command.release();
    }

    @Override
    public void close() {
        closed = true;
        queued.forEach(RespCommand::release);
        queued.clear();
        if (channel != null) {
            channel.close();
        }
    }

    private final class PushHandler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (closed) {
                ((ByteBuf) msg).release();
            } else {
                listener.onPush((ByteBuf) msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!closed) {
                closed = true;
                listener.onClosed("ERR the subscriber connection to the backend was lost");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
