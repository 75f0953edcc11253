package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.cluster.SlotHash;
import io.rkproxy.testkit.RedisCluster;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        FaultRun run = FaultRun.run("SIGKILL of a master, replica failover", 4, FaultRow.seconds(8), c -> proxy.login("alice-secret"),
                () -> {
                    proxy.cluster().killMaster(master);
                    proxy.cluster().awaitFailover(Duration.ofSeconds(30));
                }).lostOf(keys -> backendGets(proxy.cluster(), keys));
        System.out.println(run);
        assertTrue(run.ok() > 0, run.toString());
        assertEquals(0, run.wrong(), run.toString());
        assertEquals(0, run.hung(), run.toString());
        assertEquals(0, run.errorsOutsideTheFault(), run.toString());
        assertTrue(run.recoveryMs() >= 0 && run.recoveryMs() < 5_000, run.toString());
    }

    /** The values of alice's {@code keys}, read from the master of each key's slot directly. */
    static List<String> backendGets(RedisCluster cluster, List<String> keys) {
        List<RedisServer> owners = cluster.slotOwners();
        Map<RedisServer, List<Integer>> byMaster = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            RedisServer master = owners.get(SlotHash.getSlot("alice:" + keys.get(i)));
            byMaster.computeIfAbsent(master, m -> new ArrayList<>()).add(i);
        }
        String[] values = new String[keys.size()];
        byMaster.forEach((master, indexes) -> {
            try (RespSocket c = new RespSocket(master.port())) {
                List<String> read = FaultRun.pipelinedGets(c, indexes.stream().map(i -> "alice:" + keys.get(i)).toList());
                for (int j = 0; j < indexes.size(); j++) {
                    values[indexes.get(j)] = read.get(j);
                }
            }
        });
        return List.of(values);
    }
}
