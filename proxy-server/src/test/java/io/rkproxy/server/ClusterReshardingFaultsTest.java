package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisCluster;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slots moved between masters under load, keys and all, as a reshard and a new master's rebalance move them: the
 * proxy follows the cluster's ASK, MOVED and TRYAGAIN replies, so nothing comes back wrong, and every write it
 * acknowledged is at the slot's owner afterwards. Its own cluster, since the tests change which master serves what.
 */
class ClusterReshardingFaultsTest {

    private static final int CLIENTS = 4;
    private static final int FILLED_KEYS = 100_000;
    private static final Pattern ASKING_CALLS = Pattern.compile("cmdstat_asking:calls=(\\d+)");

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(0,
            "alice: {password: alice-secret, pool: big}");

    /** The keys the cluster holds before the load starts, so that moving slots has data to move and takes a while. */
    @BeforeAll
    static void fillTheCluster() {
        try (RespSocket c = proxy.login("alice-secret")) {
            for (int from = 0; from < FILLED_KEYS; from += 1000) {
                for (int i = from; i < from + 1000; i++) {
                    c.send("SET", "filled:" + i, "x".repeat(100));
                }
                for (int i = from; i < from + 1000; i++) {
                    assertEquals("+OK", c.read());
                }
            }
        }
    }

    @Test
    void aSlotMigratedUnderLoadCostsNoErrorsAndNoWrongReplies() throws Exception {
        RedisCluster cluster = proxy.cluster();
        RedisServer target = cluster.masters().stream().filter(m -> !m.equals(cluster.masterForSlot(0)))
                .findFirst().orElseThrow();
        AtomicInteger keysMoved = new AtomicInteger();
        FaultRun run = load("live migration of 2000 slots (MIGRATE)", FaultRow.seconds(6),
                () -> keysMoved.set(cluster.moveSlots(0, 1999, target)));
        assertTrue(keysMoved.get() > 0, "no key was moved");
        assertEquals(0, run.row().errors(), run.toString());
        assertUnharmed(run);
    }

    @Test
    void aMasterAddedAndRebalancedUnderLoadCostsNoWrongReplies() throws Exception {
        RedisCluster cluster = proxy.cluster();
        AtomicInteger keysMoved = new AtomicInteger();
        FaultRun run = load("new master joined and rebalanced", FaultRow.seconds(10),
                () -> keysMoved.set(cluster.rebalanceTo(cluster.addMaster())));
        assertTrue(keysMoved.get() > 0, "no key was moved");
        assertUnharmed(run);
    }

    /**
     * Redis refuses (TRYAGAIN) a multi-key command whose keys are not all on one side of a slot's migration, new keys
     * included, until the slot has moved: the proxy retries for a while before it gives the client the TRYAGAIN.
     */
    @Test
    void aMultiKeyWriteIntoASlotInMidMigrationWaitsUntilTheSlotHasMoved() throws Exception {
        RedisCluster cluster = proxy.cluster();
        int slot = cluster.slotOf("alice:{moving}");
        RedisServer source = cluster.masterForSlot(slot);
        RedisServer target = cluster.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
        String s = Integer.toString(slot);
        assertEquals("+OK", target.call("CLUSTER", "SETSLOT", s, "IMPORTING", source.call("CLUSTER", "MYID")));
        assertEquals("+OK", source.call("CLUSTER", "SETSLOT", s, "MIGRATING", target.call("CLUSTER", "MYID")));
        try (RespSocket c = proxy.login("alice-secret")) {
            CompletableFuture<String> mset = CompletableFuture.supplyAsync(
                    () -> c.call("MSET", "{moving}a", "1", "{moving}b", "2"));
            Thread.sleep(600);
            assertFalse(mset.isDone(), "answered in mid-migration: " + (mset.isDone() ? mset.get() : ""));
            cluster.moveSlots(slot, slot, target);
            assertEquals("+OK", mset.get(5, TimeUnit.SECONDS));
        }
        assertEquals("1\n2", target.call("MGET", "alice:{moving}a", "alice:{moving}b"));
    }

    /** Runs the load while {@code fault} moves slots, and checks that the load met some in mid-migration. */
    private static FaultRun load(String scenario, long seconds, Runnable fault) throws Exception {
        long askingsBefore = askings();
        FaultRun run = FaultRun.run(scenario, CLIENTS, seconds, c -> proxy.login("alice-secret"), fault)
                .lostOf(keys -> ClusterFaultsTest.backendGets(proxy.cluster(), keys));
        System.out.println(run);
        assertTrue(askings() > askingsBefore, "the load met no slot in mid-migration (no ASK): " + run);
        return run;
    }

    /** How many ASKING commands the masters have run: the proxy sends one for each ASK it follows. */
    private static long askings() {
        return proxy.cluster().masters().stream().mapToLong(master -> {
            Matcher calls = ASKING_CALLS.matcher(master.call("INFO", "commandstats"));
            return calls.find() ? Long.parseLong(calls.group(1)) : 0;
        }).sum();
    }

    private static void assertUnharmed(FaultRun run) {
        assertTrue(run.ok() > 0, run.toString());
        assertEquals(0, run.wrong(), run.toString());
        assertEquals(0, run.hung(), run.toString());
        assertEquals(0, run.lost(), run.toString());
        assertEquals(0, run.errorsOutsideTheFault(), run.toString());
        assertTrue(run.recoveryMs() >= 0 && run.recoveryMs() < 5_000, "the load outlasts the fault: " + run);
    }
}
