package io.rkproxy.core.backend;

import io.netty.channel.EventLoop;
import io.rkproxy.core.config.TenantConfig;
import java.util.Optional;

/** What a {@link KafkaSession} may know of, and set on, the client connection it serves. */
public interface SessionContext extends ReplyFormat {

    long sessionId();

    EventLoop loop();

    /** Sets the name CLIENT LIST and CLIENT GETNAME show, as CLIENT SETNAME would. */
    void clientName(String name);

    /**
     * Takes one of {@code tenant}'s {@code max-pinned-connections} for something of the connection's own on the
     * Kafka pool (a rafka consumer): empty when taken, else the error to reply with, counted as a refusal.
     * {@link #unpin} gives it back. A connection holds at most one.
     */
    Optional<String> pin(TenantConfig tenant, String needs);

    void unpin();

    /** Stops reading the client's requests (true) until called with false: backpressure from the Kafka pool. */
    void holdReads(boolean hold);
}
