package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults of a Redis Cluster under load, each one row of counted outcomes. Replication is asynchronous, so a write a
 * dying master acknowledged may be lost with it: that count is reported, not asserted.
 */
class ClusterFaultsTest {

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(1,
            "alice: {password: alice-secret, pool: big}");

    @Test
    void aMasterKilledUnderLoadCostsErrorsOnlyUntilItsReplicaTakesOver() throws Exception {
        RedisServer master = proxy.cluster().masterForSlot(0);
        FaultRun run = FaultRun.run("SIGKILL of a master, replica failover", 4, 15, c -> proxy.login("alice-secret"),
                () -> {
                    proxy.cluster().killMaster(master);
                    proxy.cluster().awaitFailover(Duration.ofSeconds(30));
                }).lostOf(key -> proxy.backendCall("alice:" + key, "GET", "alice:" + key));
        System.out.println(run);
        assertTrue(run.ok() > 0, run.toString());
        assertEquals(0, run.wrong(), run.toString());
        assertEquals(0, run.hung(), run.toString());
        assertEquals(0, run.errorsOutsideTheFault(), run.toString());
        assertTrue(run.recoveryMs() >= 0 && run.recoveryMs() < 5_000, run.toString());
    }
}
