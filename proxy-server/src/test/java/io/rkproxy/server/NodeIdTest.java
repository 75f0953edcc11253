package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.FreePorts;
import io.rkproxy.testkit.RedisServer;
import org.junit.jupiter.api.Test;

/** A node's name in the fleet, its metrics and logs stays the same when it restarts. */
class NodeIdTest {

    private static final String ALICE = "alice: {password: alice-secret, pool: cache, db: 1}";

    @Test
    void aNodeKeepsItsIdAcrossRestartsOnTheSamePort() {
        try (RedisServer redis = RedisServer.start()) {
            int port = FreePorts.next();
            String yaml = RunningProxy.config(redis.address(), ALICE).replace("${port}", Integer.toString(port));
            String first = nodeIdOf(yaml);
            assertTrue(first.endsWith("-" + port), first);
            assertEquals(first, nodeIdOf(yaml));
        }
    }

    @Test
    void serverNodeIdNamesTheNode() {
        try (RedisServer redis = RedisServer.start()) {
            assertEquals("edge-1.eu", nodeIdOf(RunningProxy.withServerKeys(RunningProxy.config(redis.address(), ALICE),
                    "node-id: edge-1.eu")));
        }
    }

    private static String nodeIdOf(String yaml) {
        try (RunningProxy proxy = RunningProxy.start(yaml)) {
            return proxy.server().runtime().nodeId();
        }
    }
}
