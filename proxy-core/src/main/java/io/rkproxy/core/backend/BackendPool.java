package io.rkproxy.core.backend;

import io.netty.channel.EventLoop;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import java.util.List;
import java.util.Optional;

/** One configured pool: its backend connections and what the backend told the proxy about its commands. */
public interface BackendPool extends AutoCloseable {

    PoolConfig config();

    /** What the backend told about itself; empty until it has answered once. */
    Optional<BackendMetadata> metadata();

    /**
     * A link, for a session of {@code tenant} on {@code loop}, to the backend as the tenant sees it (its db selected,
     * its backend user), speaking the session's {@code protocol}: the backend's replies then need no conversion.
     */
    BackendLink link(EventLoop loop, TenantConfig tenant, Protocol protocol, long sessionId);

    /**
     * A connection of its own for a session of {@code tenant}; see {@link PinnedLink}. {@code shared} is the
     * session's shared link from {@link #link}: what the pinned link does not keep to itself may go there, as it
     * would unpinned.
     */
    PinnedLink pin(EventLoop loop, TenantConfig tenant, Protocol protocol, BackendLink shared);

    /**
     * The error for {@code command} queued inside MULTI when this pool cannot run it as part of a transaction, or
     * empty when it can.
     */
    default Optional<String> refusedInTransaction(RespCommand command) {
        return Optional.empty();
    }

    /**
     * A shared link for PUBLISH and PUBSUB. It runs as the pool's own user, since channels are server-wide: the
     * caller must already have put every channel name into the tenant's namespace.
     */
    BackendLink channelLink(EventLoop loop, Protocol protocol, long sessionId);

    /** A connection of a session's own for SUBSCRIBE and friends, under the same rule as {@link #channelLink}. */
    SubscriberLink subscribe(EventLoop loop, Protocol protocol, PushListener listener);

    /**
     * A tenant's SCRIPT KILL or FUNCTION KILL ({@code command}, owned by the callee), sent as the pool's user over a
     * connection of its own to every node: a kill stops only a script that has run past the pool's
     * script-time-limit-ms, which the proxy would kill anyway, never another tenant's script within it.
     */
    void killScript(EventLoop loop, RespCommand command, ReplyCallback callback);

    /** The Redis error text saying why the pool cannot serve right now, or empty when it can. */
    Optional<String> unavailableReason();

    /** Each backend node with its health and load, as this proxy node sees it. */
    List<BackendNodeStatus> nodeStatus();

    /** Closes every backend connection; outstanding commands get an error. */
    @Override
    void close();
}
