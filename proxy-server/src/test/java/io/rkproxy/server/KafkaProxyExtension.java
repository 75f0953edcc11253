package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.testkit.KafkaBroker;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker (the JVM's shared one, or one of the class's own), a real redis-server and a real rkproxy
 * with a redis pool {@code cache} and a kafka pool {@code events}. Each test class gets topic names of its own:
 * {@link #topic} turns "orders" into a unique name, and {@code ${orders}} in the tenant text becomes it.
 */
final class KafkaProxyExtension implements BeforeAllCallback, AfterAllCallback {

    private final boolean ownBroker;
    private final String poolSettings;
    private final String[] tenants;
    private final String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    private KafkaBroker broker;
    private RedisServer redis;
    private RunningProxy proxy;
    private String yaml;

    /** {@code poolSettings} are extra YAML lines of the kafka pool, e.g. "request-timeout-ms: 1000". */
    KafkaProxyExtension(boolean ownBroker, String poolSettings, String... tenants) {
        this.ownBroker = ownBroker;
        this.poolSettings = poolSettings;
        this.tenants = tenants;
    }

    KafkaProxyExtension(String... tenants) {
        this(false, "", tenants);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = ownBroker ? KafkaBroker.start() : KafkaBroker.shared();
        redis = RedisServer.start();
        StringBuilder kafkaPool = new StringBuilder("""
                  events:
                    type: kafka
                    bootstrap: "%s"
                    commit-interval-ms: 200
                """.formatted(broker.bootstrap()));
        for (String line : poolSettings.lines().toList()) {
            kafkaPool.append("    ").append(line).append('\n');
        }
        yaml = RunningProxy.config(redis.address(),
                        Arrays.stream(tenants).map(this::withTopics).toArray(String[]::new))
                .replace("tenants:\n", kafkaPool + "tenants:\n");
        proxy = RunningProxy.start(yaml);
    }

    /** A second proxy node with the same config, on a port of its own; the caller closes it. */
    RunningProxy startAnotherProxy() {
        return RunningProxy.start(yaml);
    }

    /** Closes the proxy (gracefully, as on SIGTERM) and starts a new one with the same config on a new port. */
    void restartProxy() {
        proxy.close();
        proxy = RunningProxy.start(yaml);
    }

    /** Replaces each {@code ${name}} with the class's topic of that name. */
    private String withTopics(String text) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        int open;
        while ((open = text.indexOf("${", at)) >= 0) {
            int close = text.indexOf('}', open);
            out.append(text, at, open).append(topic(text.substring(open + 2, close)));
            at = close + 1;
        }
        return out.append(text.substring(at)).toString();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (proxy != null) {
            proxy.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** This class's Kafka topic called {@code name}. */
    String topic(String name) {
        return name + suffix;
    }

    /** Creates the class's topic {@code name} (under {@code prefix}, as Kafka names it). */
    String createTopic(String prefix, String name, int partitions) {
        broker.createTopic(prefix + topic(name), partitions);
        return topic(name);
    }

    String createTopic(String name, int partitions) {
        return createTopic("", name, partitions);
    }

    KafkaBroker broker() {
        return broker;
    }

    RedisServer redis() {
        return redis;
    }

    RunningProxy proxy() {
        return proxy;
    }

    int port() {
        return proxy.port();
    }

    RespSocket login(String password) {
        RespSocket c = new RespSocket(proxy.port());
        assertEquals("+OK", c.call("AUTH", password));
        return c;
    }
}
