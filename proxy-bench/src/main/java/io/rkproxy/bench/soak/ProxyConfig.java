package io.rkproxy.bench.soak;

/** The soak's rkproxy config: a pool of each type, each with a tenant of its own. */
final class ProxyConfig {
    static final String STANDALONE_PASSWORD = "web-secret";
    static final String CLUSTER_PASSWORD = "shop-secret";
    static final String KAFKA_PASSWORD = "feed-secret";

    private ProxyConfig() {
    }

    static String yaml(int port, SoakBackends backends) {
        return """
                server:
                  bind: 127.0.0.1
                  port: %d
                pools:
                  cache:
                    type: redis
                    nodes: ["%s"]
                  cluster:
                    type: redis-cluster
                    nodes: [%s]
                  stream:
                    type: kafka
                    bootstrap: "%s"
                tenants:
                  web:
                    password: %s
                    pool: cache
                  shop:
                    password: %s
                    pool: cluster
                  feed:
                    password: %s
                    kafka: stream
                    topics: {%s: [produce, consume]}
                """.formatted(port, backends.redis().address(),
                String.join(", ", backends.cluster().seedAddresses().stream().map(a -> "\"" + a + "\"").toList()),
                backends.kafka().bootstrap(), STANDALONE_PASSWORD, CLUSTER_PASSWORD, KAFKA_PASSWORD,
                SoakBackends.TOPIC);
    }
}
