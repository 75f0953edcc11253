package io.rkproxy.core.session;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.local.ClientInfoLine;
import io.rkproxy.core.net.ReadThrottle;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.ClientInfo;
import io.rkproxy.core.route.ConnectionState;
import io.rkproxy.core.runtime.ClientView;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One session as the rest of the node sees it, on its channel's {@link ClientView#KEY}: a line of CLIENT LIST, KILL
 * and UNBLOCK from the tenant's other connections, PROXY KILL, the drain at shutdown. What changes the session runs on
 * its event loop.
 */
final class SessionView implements ClientView {

    private final ClientInfo client;
    private final TenantBinding binding;
    private final ConnectionState connection;
    private final ReplyQueue replies;
    private final ReadThrottle throttle;
    private final LongSupplier clock;
    private final Consumer<String> kill;

    /** @param kill closes the session after this error, on its event loop */
    SessionView(ClientInfo client, TenantBinding binding, ConnectionState connection, ReplyQueue replies,
                ReadThrottle throttle, LongSupplier clock, Consumer<String> kill) {
        this.client = client;
        this.binding = binding;
        this.connection = connection;
        this.replies = replies;
        this.throttle = throttle;
        this.clock = clock;
        this.kill = kill;
    }

    @Override
    public long id() {
        return client.id();
    }

    @Override
    public String tenantName() {
        return binding.tenantName();
    }

    @Override
    public Channel channel() {
        return client.channel();
    }

    @Override
    public boolean stale(ProxyConfig current) {
        return binding.stale(current);
    }

    @Override
    public void kill(String error) {
        client.loop().execute(() -> kill.accept(error));
    }

    @Override
    public void unblock(boolean error, EventLoop replyLoop, ReplyCallback callback) {
        client.loop().execute(() -> {
            if (!connection.links().unblock(error, replyLoop, callback)) {
                replyLoop.execute(() -> callback.onReply(RespReplies.integer(client.alloc(), 0)));
            }
        });
    }

    @Override
    public long ageSeconds(long nowNanos) {
        return client.ageSeconds(nowNanos);
    }

    @Override
    public String describe() {
        return ClientInfoLine.format(client, binding.tenantName(), connection.links().inTransaction(),
                clock.getAsLong());
    }

    @Override
    public boolean isIdle() {
        return replies.pending() == 0;
    }

    @Override
    public void drain() {
        throttle.hold(ReadThrottle.DRAINING);
        connection.links().unblockForShutdown();
    }
}
