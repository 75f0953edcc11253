package io.rkproxy.core.backend;

import io.netty.channel.EventLoop;
import io.rkproxy.core.command.RedisCommands;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pool with no backend: its links are {@link FakeLink}s, one shared link per tenant, one channel link, a new link
 * for each pin, and one for SCRIPT KILL. It knows the commands of {@link RedisCommands}, as a pool does once its
 * backend has answered.
 */
public final class FakePool implements BackendPool {

    private final PoolConfig config;
    private final Map<String, FakeLink> shared = new HashMap<>();
    private final FakeLink channel = new FakeLink();
    private final FakeLink scriptKills = new FakeLink();
    private final List<FakeLink> pinned = new ArrayList<>();
    private BackendMetadata metadata;
    private Optional<String> unavailable = Optional.empty();
    private final Map<String, String> refusedInTransaction = new HashMap<>();

    /** A pool whose backend has answered, and runs tenants' commands as a user confined to their data. */
    public FakePool(PoolConfig config) {
        this.config = config;
        this.metadata = new BackendMetadata(RedisCommands.table(), "7.0.15", true);
    }

    /** From now on the backend has not answered yet; {@code reason} is the pool's error, if it has one. */
    public void notReady(Optional<String> reason) {
        metadata = null;
        unavailable = reason;
    }

    /** From now on the command {@code name} queued inside MULTI is refused with {@code error}. */
    public void refuseInTransaction(String name, String error) {
        refusedInTransaction.put(name, error);
    }

    @Override
    public Optional<String> refusedInTransaction(RespCommand command) {
        return Optional.ofNullable(refusedInTransaction.get(command.name()));
    }

    /** The shared link of {@code tenant}'s sessions. */
    public FakeLink shared(String tenant) {
        return shared.computeIfAbsent(tenant, t -> new FakeLink());
    }

    /** The link of the commands that travel as the pool's user (pub/sub, INFO). */
    public FakeLink channelLink() {
        return channel;
    }

    /** Where SCRIPT KILL and FUNCTION KILL go. */
    public FakeLink scriptKills() {
        return scriptKills;
    }

    /** Every link pinned so far, oldest first. */
    public List<FakeLink> pinned() {
        return List.copyOf(pinned);
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public Optional<BackendMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    @Override
    public BackendLink link(EventLoop loop, TenantConfig tenant, Protocol protocol, long sessionId) {
        return shared(tenant.name());
    }

    @Override
    public PinnedLink pin(EventLoop loop, TenantConfig tenant, Protocol protocol, BackendLink shared) {
        FakeLink link = new FakeLink();
        pinned.add(link);
        return link;
    }

    @Override
    public BackendLink channelLink(EventLoop loop, Protocol protocol, long sessionId) {
        return channel;
    }

    @Override
    public SubscriberLink subscribe(EventLoop loop, Protocol protocol, PushListener listener) {
        throw new UnsupportedOperationException("subscriber connections are not faked");
    }

    @Override
    public void killScript(EventLoop loop, RespCommand command, ReplyCallback callback) {
        scriptKills.send(command, callback);
    }

    @Override
    public Optional<String> unavailableReason() {
        return metadata == null ? unavailable : Optional.empty();
    }

    @Override
    public List<BackendNodeStatus> nodeStatus() {
        return List.of();
    }

    @Override
    public void close() {
    }
}
