package io.rkproxy.core.backend;

import io.rkproxy.core.config.KafkaPoolConfig;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code type: kafka} pool. Kafka speaks no RESP, so the pool answers its commands itself: each session that uses
 * it gets a {@link KafkaSession}.
 */
public interface KafkaGateway extends AutoCloseable {

    KafkaPoolConfig config();

    /** The Kafka side of one client connection. */
    KafkaSession open(SessionContext session);

    /** Each tenant's counters on this node, by tenant name. */
    Map<String, KafkaTenantFigures> tenantFigures();

    /** A reload removed {@code tenant}: its counters go, so that a tenant later given its name starts from none. */
    void forget(String tenant);

    /** Whether the cluster answered the last metadata request, with the error when it did not. */
    Optional<String> unavailableReason();

    /** The first step of a shutdown: consumers stop, and clients waiting on them get an error at once. */
    void stopConsuming();

    /** Commits what consumers owe and flushes the producer, within the pool's request timeout. */
    @Override
    void close();
}
