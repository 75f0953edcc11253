package io.rkproxy.core.reload;

import io.rkproxy.core.backend.KafkaGateway;
import io.rkproxy.core.config.KafkaPoolConfig;

/** Opens {@code type: kafka} pools; proxy-kafka implements it. */
@FunctionalInterface
public interface KafkaGatewayFactory {

    KafkaGateway open(KafkaPoolConfig config);
}
