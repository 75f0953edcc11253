package io.rkproxy.core.backend;

import io.rkproxy.core.config.KafkaPoolConfig;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Kafka pool that claims no command: what a session asks of its tenant's Kafka pool before it routes a command
 * anywhere else, and nothing more.
 */
public final class FakeKafka implements KafkaGateway {

    private final KafkaPoolConfig config;
    private final List<String> forgotten = new ArrayList<>();

    public FakeKafka(KafkaPoolConfig config) {
        this.config = config;
    }

    @Override
    public KafkaPoolConfig config() {
        return config;
    }

    @Override
    public KafkaSession open(SessionContext session) {
        return new KafkaSession() {
            @Override
            public boolean claims(TenantConfig tenant, RespCommand command) {
                return false;
            }

            @Override
            public void execute(TenantConfig tenant, RespCommand command, ReplyCallback reply) {
                throw new IllegalStateException("claims nothing, so runs nothing");
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Map<String, KafkaTenantFigures> tenantFigures() {
        return Map.of();
    }

    @Override
    public void forget(String tenant) {
        forgotten.add(tenant);
    }

    /** The tenants {@link #forget} was told of, in order. */
    public List<String> forgotten() {
        return forgotten;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public void stopConsuming() {
    }

    @Override
    public void close() {
    }
}
