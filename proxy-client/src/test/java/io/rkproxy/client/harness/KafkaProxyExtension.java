package io.rkproxy.client.harness;

import io.lettuce.core.RedisURI;
import io.rkproxy.testkit.FreePorts;
import io.rkproxy.testkit.KafkaBroker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/**
 * A real rkproxy with a kafka pool {@code events} on the JVM's shared Kafka broker, for one test class. Topics
 * get names of the class's own ({@link #topic}). Tenants:
 * <ul>
 * <li>{@code app} ({@link #APP}): produce and consume on the class's topics and on {@code ghost}, which Kafka does
 * not have; produce only on {@code audit};</li>
 * <li>{@code viewer} ({@link #VIEWER}): read-only, on the same topics;</li>
 * <li>{@code stranded} ({@link #STRANDED}): on pool {@code dead}, whose bootstrap nothing listens on.</li>
 * </ul>
 */
public final class KafkaProxyExtension implements BeforeAllCallback, AfterAllCallback {

    public static final String APP = "app-secret";
    public static final String VIEWER = "viewer-secret";
    public static final String STRANDED = "stranded-secret";

    private final Map<String, Integer> topics = new LinkedHashMap<>();
    private final String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
    private RunningProxy proxy;

    /** {@code topics}: name and partitions of each topic to create. */
    public KafkaProxyExtension(Map<String, Integer> topics) {
        this.topics.putAll(topics);
        this.topics.put("audit", 1);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        KafkaBroker broker = KafkaBroker.shared();
        topics.forEach((name, partitions) -> broker.createTopic(topic(name), partitions));
        Map<String, String> grants = new LinkedHashMap<>();
        topics.keySet().forEach(name -> grants.put(topic(name), "[produce, consume]"));
        grants.put(topic("audit"), "[produce]");
        grants.put(topic("ghost"), "[produce, consume]");
        proxy = RunningProxy.start(ProxyYaml.serverSection()
                + "pools:\n"
                + "  events: " + ProxyYaml.kafkaPool(broker.bootstrap(), 5000) + "\n"
                + "  dead: " + ProxyYaml.kafkaPool("127.0.0.1:" + FreePorts.next(), 500) + "\n"
                + "tenants:\n"
                + "  app: " + ProxyYaml.kafkaTenant(APP, "events", false, grants) + "\n"
                + "  viewer: " + ProxyYaml.kafkaTenant(VIEWER, "events", true, grants) + "\n"
                + "  stranded: " + ProxyYaml.kafkaTenant(STRANDED, "dead", false, grants) + "\n");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** The class's name for topic {@code name}, as clients and Kafka see it. */
    public String topic(String name) {
        return name + suffix;
    }

    public HostAndPort address() {
        return proxy.address();
    }

    /** A Jedis config that authenticates with {@code password}. */
    public static JedisClientConfig as(String password) {
        return DefaultJedisClientConfig.builder().password(password).build();
    }

    /** A Lettuce URI of the proxy that authenticates with {@code password}. */
    public RedisURI uri(String password) {
        return RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port()).withPassword(password.toCharArray())
                .build();
    }
}
