package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WAIT through a standalone pool whose Redis has a replica: it counts the replicas that have the session's writes. */
class StandaloneWaitTest {

    private static RedisServer master;
    private static RedisServer replica;
    private static RunningProxy proxy;

    @BeforeAll
    static void start() {
        // the replica syncs at once instead of after the default 5 s wait for others to share the transfer
        master = RedisServer.start("--repl-diskless-sync-delay", "0");
        replica = RedisServer.start("--replicaof", "127.0.0.1", Integer.toString(master.port()));
        Eventually.until(() -> replica.call("INFO", "replication").contains("master_link_status:up"),
                "the replica is in sync");
        proxy = RunningProxy.start(RunningProxy.config(master.address(),
                "alice: {password: alice-secret, pool: cache, db: 1}"));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        replica.close();
        master.close();
    }

    @Test
    void waitCountsOnlyReplicasThatHaveTheSessionsWritesThoughTheyWentOverAnotherConnection() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
            assertEquals("+OK", c.call("SET", "k", "v"));
            assertEquals(":1", c.call("WAIT", "1", "2000"));
            Eventually.until(master::replicasAcknowledgedEverything, "the replica acknowledged everything");
            replica.pause();
            try {
                assertEquals("+OK", c.call("SET", "k", "w"));
                assertEquals(":0", c.call("WAIT", "1", "300"), "the stopped replica does not have the write");
            } finally {
                replica.resume();
            }
            assertEquals(":1", c.call("WAIT", "1", "2000"), "once it runs again it catches up and acknowledges");
            assertEquals("+OK", c.call("MULTI"));
            assertEquals("+QUEUED", c.call("WAIT", "1", "0"));
            String counted = c.call("EXEC");
            assertTrue(counted.equals(":0") || counted.equals(":1"),
                    "inside MULTI WAIT is Redis's own, which answers at once though its timeout is 0: " + counted);
        }
    }
}
