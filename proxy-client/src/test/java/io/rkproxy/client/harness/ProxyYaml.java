package io.rkproxy.client.harness;

import java.util.Map;
import java.util.stream.Collectors;

/** The YAML of the config entries the tests use, for a config file and for ZooKeeper's znodes alike. */
public final class ProxyYaml {

    private ProxyYaml() {
    }

    /** The {@code server:} section: loopback, a free port, a quick shutdown. */
    public static String serverSection() {
        return """
                server:
                  bind: 127.0.0.1
                  port: 0
                  shutdown-timeout-ms: 1000
                """;
    }

    /** The {@code config:} section of a node that takes its pools and tenants from ZooKeeper under {@code root}. */
    public static String zookeeperSource(String connect, String root, long sessionTimeoutMs) {
        return """
                config:
                  source: zookeeper
                  debounce-ms: 50
                  zookeeper:
                    connect: "%s"
                    root: %s
                    session-timeout-ms: %d
                """.formatted(connect, root, sessionTimeoutMs);
    }

    /** A kafka pool entry, in flow style. */
    public static String kafkaPool(String bootstrap, int requestTimeoutMs) {
        return "{type: kafka, bootstrap: \"" + bootstrap + "\", commit-interval-ms: 200, request-timeout-ms: "
                + requestTimeoutMs + "}";
    }

    /** A Kafka-only tenant entry, in flow style; {@code grants} maps each topic to e.g. "[produce, consume]". */
    public static String kafkaTenant(String password, String pool, boolean readOnly, Map<String, String> grants) {
        String topics = grants.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
        return "{password: " + password + ", kafka: " + pool + ", read-only: " + readOnly + ", topics: " + topics + "}";
    }
}
