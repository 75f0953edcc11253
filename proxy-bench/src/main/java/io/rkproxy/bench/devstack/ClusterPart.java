package io.rkproxy.bench.devstack;

import io.rkproxy.testkit.RedisCluster;
import io.rkproxy.testkit.RedisServer;
import java.util.stream.Collectors;

/** A Redis Cluster of 3 masters on consecutive ports (the testkit's), and a tenant with a key prefix on it. */
final class ClusterPart implements StackPart {

    private final RedisCluster cluster;

    private ClusterPart(RedisCluster cluster) {
        this.cluster = cluster;
    }

    static ClusterPart start(int firstPort, int masters) {
        return new ClusterPart(RedisCluster.startOnPorts(firstPort, masters));
    }

    @Override
    public String description() {
        return "Redis Cluster of " + cluster.nodes().size() + " masters on "
                + cluster.nodes().stream().map(RedisServer::address).collect(Collectors.joining(" "));
    }

    @Override
    public void addTo(ConfigSnippet config) {
        String seeds = cluster.nodes().stream().map(node -> "\"" + node.address() + "\"")
                .collect(Collectors.joining(", "));
        config.pool("cluster", description(), "type: redis-cluster", "nodes: [" + seeds + "]");
        config.tenant("shop", "password: shop-secret", "pool: cluster", "key-prefix: \"shop:\"");
    }

    @Override
    public void close() {
        cluster.close();
    }
}
