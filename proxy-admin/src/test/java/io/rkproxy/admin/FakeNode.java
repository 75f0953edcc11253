package io.rkproxy.admin;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.backend.BackendNodeStatus;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.KafkaGateway;
import io.rkproxy.core.backend.KafkaTenantFigures;
import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.DbAssignmentStore;
import io.rkproxy.core.config.DbAssignments;
import io.rkproxy.core.config.PoolProbe;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.reload.ConfigReloader;
import io.rkproxy.core.reload.ConfigSource;
import io.rkproxy.core.reload.Fleet;
import io.rkproxy.core.reload.FleetMember;
import io.rkproxy.core.runtime.Authenticator;
import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.core.runtime.ProxySnapshot;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ProxyAdmin} over a config and pools that are stand-ins answering only what the console reads (config,
 * health, figures): no backend, no event loop. For the tests of the views and metrics.
 */
final class FakeNode {

    /** A cluster pool {@code cache} with two nodes, a Kafka pool {@code events}, and three tenants. */
    static final String YAML = """
            server: {bind: 127.0.0.1, port: 6390}
            pools:
              cache:
                type: redis-cluster
                nodes: ["10.0.0.1:7000", "10.0.0.2:7000"]
                username: proxy
                password: pool-secret
              events:
                type: kafka
                bootstrap: "10.0.0.9:9092"
                client: {sasl.jaas.config: "org.apache.kafka.common.security.plain.PlainLoginModule required password=\\"kafka-secret\\";"}
            tenants:
              alice: {password: alice-secret, pool: cache, kafka: events, topics: {orders: [produce, consume]}}
              bob: {password-sha256: "%s", kafka: events, topics: {orders: [consume]}}
              carol: {password: carol-secret, pool: cache, read-only: true, commands: {deny: [del, '@dangerous']}}
            """.formatted("ab".repeat(32));

    private final Map<String, BackendPool> pools = new HashMap<>();
    private final Map<String, KafkaGateway> kafkaPools = new HashMap<>();
    private ProxyConfig config;

    FakeNode() {
        try {
            config = new ConfigLoader(PoolProbe.OFFLINE).load("test", YAML, new DbAssignmentStore() {
                @Override
                public DbAssignments load() {
                    return DbAssignments.EMPTY;
                }

                @Override
                public void save(DbAssignments assignments) {
                }
            });
        } catch (ConfigException e) {
            throw new IllegalStateException(e.problems().toString(), e);
        }
    }

    ProxyConfig config() {
        return config;
    }

    FakeNode pool(String name, Optional<String> unavailable, BackendNodeStatus... nodes) {
        pools.put(name, stub(BackendPool.class, Map.of("config", config.pools().get(name),
                "unavailableReason", unavailable, "nodeStatus", List.of(nodes))));
        return this;
    }

    FakeNode kafkaPool(String name, Optional<String> unavailable, Map<String, KafkaTenantFigures> figures) {
        kafkaPools.put(name, stub(KafkaGateway.class, Map.of("config", config.kafkaPools().get(name),
                "unavailableReason", unavailable, "tenantFigures", figures, "forget", VOID)));
        return this;
    }

    ProxyAdmin admin() {
        ProxySnapshot snapshot = new ProxySnapshot(config, pools, kafkaPools);
        ProxyRuntime runtime = new ProxyRuntime(snapshot, new Authenticator(config.server(), Ticker.systemTicker()),
                "9.9.9", "node-1");
        ConfigSource source = stub(ConfigSource.class, Map.of("describe", "test", "connected", Optional.empty()));
        ConfigReloader reloader = new ConfigReloader(source, null, runtime, Duration.ZERO);
        return new ProxyAdmin(runtime, reloader,
                Fleet.of(new FleetMember("node-1", "127.0.0.1:6390", "9.9.9", 1_700_000_000_000L)));
    }

    /** The answer of a stubbed method that returns nothing: a proxy ignores what a void method returns. */
    private static final Object VOID = "(void)";

    /** An implementation of {@code type} whose named methods return the given values, and whose others throw. */
    private static <T> T stub(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(FakeNode.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (!answers.containsKey(method.getName())) {
                        throw new UnsupportedOperationException(method.getName() + " is not stubbed");
                    }
                    return answers.get(method.getName());
                }));
    }
}
