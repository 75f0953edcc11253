package io.rkproxy.core.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.AccessPolicy;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.command.CommandTable;
import io.rkproxy.core.command.CopyDbOption;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespCommandDecoder;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: who it is authenticated as, its name, and the path from each command to its reply. Every
 * method runs on the connection's event loop.
 */
public final class ClientSession {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    static final AttributeKey<ClientSession> KEY = AttributeKey.valueOf("rkproxy.session");

    private final ProxyRuntime runtime;
    private final Channel channel;
    private final long id;
    private final ReplyQueue replies;
    private final ReadThrottle throttle;
    private final int maxInFlight;

    private String tenantName;
    private String clientName;
    private boolean closing;

    private BackendPool linkPool;
    private int linkDb = -1;
    private BackendLink link;

    ClientSession(ProxyRuntime runtime, Channel channel) {
        this.runtime = runtime;
        this.channel = channel;
        this.id = runtime.nextSessionId();
        this.replies = new ReplyQueue(channel, this::onRepliesWritten);
        this.throttle = new ReadThrottle(channel);
        this.maxInFlight = runtime.server().maxInFlight();
        channel.attr(KEY).set(this);
        runtime.snapshot().config().openDefaultTenant().ifPresent(t -> tenantName = t.name());
    }

    /** Handles one command; takes ownership of it. */
    void handle(RespCommand command) {
        try {
            if (closing) {
                return;
            }
            LocalCommand local = LocalCommands.get(command.name());
            if (tenantName == null && (local == null || !local.allowedBeforeAuth())) {
                replyError(RespErrors.NOAUTH);
            } else if (local != null) {
                local.execute(this, command);
            } else {
                route(command.retain());
            }
        } finally {
            command.release();
        }
        if (replies.pending() >= maxInFlight) {
            throttle.hold(ReadThrottle.IN_FLIGHT);
        }
    }

    private void route(RespCommand command) {
        Optional<TenantConfig> tenant = tenant();
        if (tenant.isEmpty()) {
            command.release();
            return;
        }
        BackendPool pool = runtime.snapshot().pool(tenant.get().pool());
        Optional<CommandTable> commands = pool.metadata().map(m -> m.commands());
        if (commands.isEmpty()) {
            command.release();
            replyError(pool.unavailableReason().orElseGet(() ->
                    RespErrors.poolUnavailable(pool.config().name(), "the backend has not answered yet")));
            return;
        }
        Optional<CommandSpec> spec = commands.get().get(command.name());
        if (spec.isEmpty()) {
            command.release();
            replyError(RespErrors.unknownCommand(command));
            return;
        }
        Optional<String> refused = AccessPolicy.check(tenant.get(), spec.get(), command);
        if (refused.isPresent()) {
            command.release();
            replyError(refused.get());
            return;
        }
        if (CopyDbOption.applies(command)) {
            CopyDbOption.Rewrite rewrite = CopyDbOption.rewrite(command);
            command.release();
            if (rewrite.error().isPresent()) {
                replyError(rewrite.error().get());
                return;
            }
            command = rewrite.command();
        }
        forward(command, replies.reserve());
    }

    /** Sends a command to the tenant's backend; takes ownership of {@code command}. */
    void forward(RespCommand command, ReplyCallback callback) {
        Optional<TenantConfig> tenant = tenant();
        if (tenant.isEmpty()) {
            command.release();
            callback.onError(RespErrors.NOAUTH);
            return;
        }
        BackendLink target = link(tenant.get());
        target.send(command, callback);
        if (!target.isWritable() && !throttle.isHeld(ReadThrottle.BACKEND_UNWRITABLE)) {
            throttle.hold(ReadThrottle.BACKEND_UNWRITABLE);
            target.whenWritable(() -> throttle.release(ReadThrottle.BACKEND_UNWRITABLE));
        }
    }

    private BackendLink link(TenantConfig tenant) {
        BackendPool pool = runtime.snapshot().pool(tenant.pool());
        if (pool != linkPool || tenant.db() != linkDb) {
            link = pool.link(channel.eventLoop(), tenant.db(), id);
            linkPool = pool;
            linkDb = tenant.db();
        }
        return link;
    }

    /** The tenant in force for this session, from the current snapshot; closes the session if it was removed. */
    Optional<TenantConfig> tenant() {
        if (tenantName == null) {
            return Optional.empty();
        }
        Optional<TenantConfig> tenant = runtime.snapshot().tenant(tenantName);
        if (tenant.isEmpty()) {
            log.info("closing session {} of removed tenant '{}'", id, tenantName);
            closeAfter(RespErrors.tenantRemoved(tenantName));
        }
        return tenant;
    }

    /** Authenticates this session; returns the error to reply with, or empty on success. */
    Optional<String> authenticate(Optional<String> username, byte[] password) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        Authenticator.Result result = runtime.authenticator().authenticate(runtime.snapshot(), username, password,
                remote == null ? null : remote.getAddress());
        if (result.tenant().isEmpty()) {
            log.info("session {} from {}: AUTH refused: {}", id, remote, result.error());
            return Optional.of(result.error());
        }
        tenantName = result.tenant().get().name();
        RespCommandDecoder decoder = channel.pipeline().get(RespCommandDecoder.class);
        if (decoder != null) {
            decoder.limits(runtime.server().requestLimits());
        }
        return Optional.empty();
    }

    boolean isAuthenticated() {
        return tenantName != null;
    }

    /** Back to a fresh connection's state: the open default tenant if there is one, else unauthenticated. */
    void reset() {
        clientName = null;
        tenantName = runtime.snapshot().config().openDefaultTenant().map(TenantConfig::name).orElse(null);
    }

    long id() {
        return id;
    }

    String clientName() {
        return clientName;
    }

    void clientName(String name) {
        this.clientName = name;
    }

    ProxyRuntime runtime() {
        return runtime;
    }

    ByteBufAllocator alloc() {
        return channel.alloc();
    }

    void reply(ByteBuf reply) {
        replies.add(reply);
    }

    void replyError(String redisError) {
        replies.reserve().onError(redisError);
    }

    ReplyCallback reserve() {
        return replies.reserve();
    }

    /** Replies (after everything already queued), then closes; later commands are ignored. */
    void closeAfter(ByteBuf reply) {
        closing = true;
        replies.addFinal(reply);
    }

    void closeAfter(String redisError) {
        closeAfter(io.rkproxy.core.resp.RespReplies.error(channel.alloc(), redisError));
    }

    boolean isIdle() {
        return replies.pending() == 0;
    }

    void clientWritabilityChanged() {
        if (channel.isWritable()) {
            throttle.release(ReadThrottle.CLIENT_UNWRITABLE);
        } else {
            throttle.hold(ReadThrottle.CLIENT_UNWRITABLE);
        }
    }

    void closed() {
        closing = true;
        replies.close();
    }

    private void onRepliesWritten(int count) {
        if (replies.pending() <= maxInFlight / 2) {
            throttle.release(ReadThrottle.IN_FLIGHT);
        }
    }
}
