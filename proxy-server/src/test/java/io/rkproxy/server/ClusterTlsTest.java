package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisCluster;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import io.rkproxy.testkit.TestCertificates;
import org.junit.jupiter.api.Test;

/** A redis-cluster pool whose nodes take TLS only: the seed, and every node CLUSTER SLOTS names, over TLS. */
class ClusterTlsTest {

    @Test
    void aClusterPoolReachesEveryMasterOverTls() {
        TestCertificates certificates = TestCertificates.create();
        try (RedisCluster cluster = RedisCluster.startTls(certificates, 3, 0);
             RunningProxy proxy = RunningProxy.start("""
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
                         tls: {ca-file: %s}
                     tenants:
                       alice: {password: alice-secret, pool: big}
                     """.formatted(cluster.seedAddresses().get(0), certificates.caFile()));
             RespSocket client = new RespSocket(proxy.port())) {
            assertEquals("+OK", client.call("AUTH", "alice-secret"));
            for (int i = 0; i < 30; i++) {
                assertEquals("+OK", client.call("SET", "k" + i, "v" + i));
            }
            for (int i = 0; i < 30; i++) {
                assertEquals("v" + i, client.call("GET", "k" + i));
            }
            // the 30 keys' slots fall in each master's third of the slots
            for (RedisServer master : cluster.masters()) {
                assertTrue(Integer.parseInt(master.call("DBSIZE").substring(1)) > 0, master.address() + " holds keys");
            }
        }
    }
}
