package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.testkit.RedisCluster;
import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis Cluster and a real rkproxy with one {@code redis-cluster} pool in front of it, shared by the tests
 * of one class: {@code @RegisterExtension static final ClusterProxyExtension proxy = new ClusterProxyExtension(0,
 * "alice: {...}")}.
 */
final class ClusterProxyExtension implements BeforeAllCallback, AfterAllCallback {

    private final int replicasPerMaster;
    private final String[] tenants;
    private String dedicatedPool;
    private RedisCluster cluster;
    private RedisCluster dedicatedCluster;
    private RunningProxy proxy;

    ClusterProxyExtension(int replicasPerMaster, String... tenants) {
        this.replicasPerMaster = replicasPerMaster;
        this.tenants = tenants;
    }

    /**
     * Adds a redis-cluster pool marked {@code dedicated} in front of a three-master cluster of its own: a dedicated
     * pool's Redis may be named by no other pool.
     */
    ClusterProxyExtension withDedicatedPool(String name) {
        dedicatedPool = name;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = RedisCluster.start(3, replicasPerMaster);
        if (dedicatedPool != null) {
            dedicatedCluster = RedisCluster.start(3, 0);
        }
        proxy = anotherProxy(tenants);
    }

    /**
     * A proxy in front of the cluster with {@code tenants} on its pool {@code big}. The extension's own is one; a test
     * may start another, e.g. for a tenant with {@code key-prefix: ""}, which must be alone on its pool, and close it.
     */
    RunningProxy anotherProxy(String... tenants) {
        StringBuilder yaml = new StringBuilder("""
                server:
                  bind: 127.0.0.1
                  port: ${port}
                pools:
                  big:
                    type: redis-cluster
                    nodes: ["%s"]
                    connect-timeout-ms: 500
                    response-timeout-ms: 2000
                    max-reconnect-backoff-ms: 200
                    topology-refresh-ms: 1000
                tenants:
                """.formatted(cluster.seedAddresses().get(0)));
        if (dedicatedCluster != null) {
            yaml.insert(yaml.indexOf("tenants:\n"), "  " + dedicatedPool + ": {type: redis-cluster, nodes: [\""
                    + dedicatedCluster.seedAddresses().get(0) + "\"], dedicated: true}\n");
        }
        for (String t : tenants) {
            yaml.append("  ").append(t).append('\n');
        }
        return RunningProxy.start(yaml.toString());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (proxy != null) {
            proxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (dedicatedCluster != null) {
            dedicatedCluster.close();
        }
    }

    int port() {
        return proxy.port();
    }

    RunningProxy proxy() {
        return proxy;
    }

    RedisCluster cluster() {
        return cluster;
    }

    /** The cluster of the pool {@link #withDedicatedPool} added. */
    RedisCluster dedicatedCluster() {
        return dedicatedCluster;
    }

    /** A raw connection, authenticated with {@code AUTH password}. */
    RespSocket login(String password) {
        RespSocket c = new RespSocket(proxy.port());
        assertEquals("+OK", c.call("AUTH", password));
        return c;
    }

    /** A command straight to the master that serves {@code key}'s slot. */
    String backendCall(String key, String... args) {
        return cluster.masterForSlot(cluster.slotOf(key)).call(args);
    }
}
