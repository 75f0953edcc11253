package io.rkproxy.core.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rkproxy.core.resp.CommandText;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespCommandDecoder;
import io.rkproxy.core.runtime.ClientView;
import io.rkproxy.core.runtime.ProxyRuntime;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client connection on an embedded channel, through the decoder and session handler a real one has, from a fixed
 * address. The channel's clock stands still unless {@link #advance}d.
 */
final class TestClient {

    static final InetSocketAddress ADDRESS = new InetSocketAddress("192.0.2.7", 40000);

    private final EmbeddedChannel channel;
    /** Kept: once the channel closes, its pipeline no longer holds the session's handler. */
    private final ClientSession session;

    TestClient(ProxyRuntime runtime) {
        channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline()
                        .addLast("decoder", new RespCommandDecoder(runtime.server().requestLimits()))
                        .addLast("session", new SessionHandler(runtime, () -> null));
            }
        }) {
            @Override
            protected SocketAddress remoteAddress0() {
                return ADDRESS;
            }
        };
        channel.freezeTime();
        session = channel.pipeline().get(SessionHandler.class).session();
    }

    /** Sends {@code commands} in one read, each as words separated by spaces. */
    void send(String... commands) {
        ByteBuf input = Unpooled.buffer();
        for (String line : commands) {
            RespCommand command = CommandText.parse(line);
            input.writeBytes(command.content(), command.content().readerIndex(), command.content().readableBytes());
            command.release();
        }
        channel.writeInbound(input);
    }

    /** Sends {@code input} as it is, in one read. */
    void write(byte[] input) {
        channel.writeInbound(Unpooled.buffer(input.length).writeBytes(input));
    }

    /** Hands a command to the session past the decoder, as if the decoder had framed it already. */
    void deliver(String command) {
        channel.writeInbound(CommandText.parse(command));
    }

    /** Everything written to the client since the last call, as RESP text. */
    String replies() {
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        ByteBuf written;
        while ((written = channel.readOutbound()) != null) {
            out.append(written.toString(StandardCharsets.UTF_8));
            written.release();
        }
        return out.toString();
    }

    /** Moves the channel's clock on and runs the timers that are then due. */
    void advance(Duration time) {
        channel.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
    }

    /** Whether the proxy reads from this client now. */
    boolean reading() {
        return channel.config().isAutoRead();
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    SessionState state() {
        return session.state();
    }

    /** The session as the rest of the node (CLIENT LIST, PROXY KILL) sees it. */
    ClientView view() {
        return channel.attr(ClientView.KEY).get();
    }

    /** As if the TLS handshake had verified a client certificate with {@code identities}. */
    void showCertificate(String... identities) {
        session.certificateVerified(List.of(identities));
        channel.runPendingTasks();
    }

    void close() {
        channel.finishAndReleaseAll();
    }
}
