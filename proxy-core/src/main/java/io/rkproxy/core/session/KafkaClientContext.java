package io.rkproxy.core.session;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.SessionContext;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.net.ReadThrottle;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.route.ClientInfo;
import java.util.Optional;
import java.util.function.Supplier;

/** The client connection as its Kafka pool sees it: what it is, its share of the tenant's pinned connections, its reads. */
final class KafkaClientContext implements SessionContext {

    private final ClientInfo client;
    private final ReadThrottle throttle;
    private final Supplier<TenantMeters> meters;
    /** Where the connection's pin was counted, so that it goes back there whatever the session binds to later. */
    private TenantMeters pinnedIn;

    KafkaClientContext(ClientInfo client, ReadThrottle throttle, Supplier<TenantMeters> meters) {
        this.client = client;
        this.throttle = throttle;
        this.meters = meters;
    }

    @Override
    public long sessionId() {
        return client.id();
    }

    @Override
    public EventLoop loop() {
        return client.loop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return client.alloc();
    }

    @Override
    public Protocol protocol() {
        return client.protocol();
    }

    @Override
    public void clientName(String name) {
        client.clientName(name);
    }

    @Override
    public Optional<String> pin(TenantConfig tenant, String needs) {
        TenantMeters now = meters.get();
        if (pinnedIn != null) {
            throw new IllegalStateException("a connection pins at most one Kafka resource");
        }
        if (tenant.maxPinnedConnections() == 0 || !now.pinnedConnections().tryAcquire(tenant.maxPinnedConnections())) {
            now.refused(Refusal.MAX_PINNED_CONNECTIONS);
            return Optional.of(RespErrors.maxPinnedConnections(tenant.maxPinnedConnections(), needs));
        }
        pinnedIn = now;
        return Optional.empty();
    }

    @Override
    public void unpin() {
        if (pinnedIn != null) {
            pinnedIn.pinnedConnections().release();
            pinnedIn = null;
        }
    }

    @Override
    public void holdReads(boolean hold) {
        if (hold) {
            throttle.hold(ReadThrottle.KAFKA_SENDS);
        } else {
            throttle.release(ReadThrottle.KAFKA_SENDS);
        }
    }
}
