package io.rkproxy.server;

import static io.rkproxy.server.ZooKeeperFleet.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ZooKeeper fails while an operator changes tenants and two rkproxy nodes serve under load: one node's session
 * expires, or the whole ensemble restarts. The clients of a tenant nobody changes see not one error, and afterwards
 * every node serves the last config written.
 */
class ZooKeeperFaultsTest {

    private static final int CLIENTS = 4;
    /** The load goes on this long after the fault, to see serving after it too. */
    private static final long AFTER_FAULT_MS = 2_000;
    /** From the last write until every node serves it: a reconnect, the debounce, a load. */
    private static final long CONVERGENCE_LIMIT_MS = 10_000;
    private static final Duration SHORT_SESSION = Duration.ofSeconds(2);
    private static final Set<String> UNCHANGED = Set.of("alice");
    @RegisterExtension
    static final ZooKeeperFleet fleet = ZooKeeperFleet.perClass();

    @BeforeEach
    void newConfig() throws Exception {
        fleet.redis().call("FLUSHALL");
        fleet.newRoot();
        fleet.put("tenants", "alice", "{password: alice-secret, pool: cache, db: 1}");
        fleet.put("tenants", TenantChurn.ROTATING, "{password: first-secret, pool: cache, db: 2}");
    }

    @AfterEach
    void stopNodes() {
        fleet.stopNodes();
    }

    /**
     * The churn stops while the node is cut off, so that only its reconnect can bring it the last writes; a write
     * after that shows that it follows changes again.
     */
    @Test
    void aNodeWhoseSessionExpiresWhileTenantsChangeServesWithoutErrorAndCatchesUp() throws Exception {
        try (CuttableLink link = CuttableLink.to(fleet.zookeeper().getPort())) {
            ProxyServer cutOff = fleet.startNode(SHORT_SESSION, link.address());
            ProxyServer other = fleet.startNode();
            Eventually.until(() -> session(cutOff) != 0, "the node registered");
            long session = session(cutOff);
            long[] caughtUpMs = new long[1];

            underChurn("ZooKeeper session of one node expired", FaultRow.seconds(4), List.of(cutOff, other),
                    churn -> {
                        link.cut();
                        sleep(3 * SHORT_SESSION.toMillis());
                        churn.stop();
                        link.restore();
                        caughtUpMs[0] = awaitConvergence(List.of(cutOff, other), churn);
                    });

            System.out.println("zookeeper: the node whose session expired served the last config "
                    + caughtUpMs[0] + " ms after its link came back");
            Eventually.until(() -> {
                long now = session(cutOff);
                return now != 0 && now != session;
            }, "the node registered again by a new session: the old one expired");
        }
    }

    @Test
    void anEnsembleRestartWhileTenantsChangeCostsNoErrorAndEveryNodeCatchesUp() throws Exception {
        ProxyServer first = fleet.startNode();
        ProxyServer second = fleet.startNode();

        underChurn("restart of the ZooKeeper ensemble (3 s down)", FaultRow.seconds(4), List.of(first, second),
                churn -> {
                    fleet.zookeeper().stop();
                    sleep(3_000);
                    fleet.zookeeper().restart();
                });

        Eventually.until(() -> session(first) != 0 && session(second) != 0, "both nodes registered again");
    }

    /** A fault that may stop the churn itself, to choose which writes a node can only learn of afterwards. */
    @FunctionalInterface
    private interface Fault {
        void run(TenantChurn churn) throws Exception;
    }

    /**
     * Clients of the unchanged tenant on every node, and the churn, while {@code fault} runs; then every node must
     * come to serve what the churn wrote last, and take up one more change.
     */
    private static void underChurn(String scenario, long seconds, List<ProxyServer> nodes, Fault fault)
            throws Exception {
        TenantChurn churn = TenantChurn.start(fleet, UNCHANGED);
        FaultRun run;
        try {
            FaultRun.Load load = FaultRun.setsAndGets(c -> login(nodes.get(c % nodes.size()), "alice-secret"),
                    AFTER_FAULT_MS);
            run = FaultRun.run(scenario, CLIENTS, seconds, load, () -> {
                try {
                    fault.run(churn);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            churn.stop();
        }
        run.lostOf(keys -> FaultRun.redisGets(fleet.redis(), 1, keys));
        System.out.println(run);
        long convergedMs = awaitConvergence(nodes, churn);
        long laterChangeMs = awaitConvergence(nodes, churn.addOne());

        System.out.println("zookeeper after " + scenario + ": " + churn.writes() + " tenant writes ("
                + churn.refused() + " retried); every node served the last when checked after the load (in "
                + convergedMs + " ms), and a later change " + laterChangeMs + " ms after it was written");
        assertTrue(run.ok() > 0, run.toString());
        assertEquals(0, run.row().errors(), "serving never stops: " + run);
        assertEquals(0, run.wrong(), run.toString());
        assertEquals(0, run.hung(), run.toString());
        assertEquals(0, run.lost(), run.toString());
        assertTrue(run.recoveryMs() >= 0, "served after the fault: " + run);
    }

    /** Milliseconds until every node has the churn's tenants and takes its last password; fails past the limit. */
    private static long awaitConvergence(List<ProxyServer> nodes, TenantChurn churn) {
        long started = System.nanoTime();
        while (!nodes.stream().allMatch(node -> serves(node, churn))) {
            if (System.nanoTime() - started > CONVERGENCE_LIMIT_MS * 1_000_000) {
                throw new AssertionError("not every node serves the last config within " + CONVERGENCE_LIMIT_MS
                        + " ms; written: " + churn.tenants() + " with password " + churn.password() + "; nodes: "
                        + nodes.stream().map(ZooKeeperFaultsTest::describe).collect(Collectors.joining("; ")));
            }
            sleep(25);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static boolean serves(ProxyServer node, TenantChurn churn) {
        return node.runtime().snapshot().config().tenants().keySet().equals(churn.tenants())
                && authenticates(node, churn.password())
                && (churn.added() == null || authenticates(node, churn.added() + "-secret"));
    }

    private static String describe(ProxyServer node) {
        return node.runtime().nodeId() + " has " + node.runtime().snapshot().config().tenants().keySet()
                + ", last load " + node.admin().lastLoad();
    }

    private static boolean authenticates(ProxyServer node, String password) {
        try (RespSocket c = new RespSocket(node.port())) {
            return c.call("AUTH", password).equals("+OK");
        }
    }

    /** The session that holds the node's registration; 0 when none does, or ZooKeeper cannot tell. */
    private static long session(ProxyServer node) {
        try {
            return fleet.sessionOf(node);
        } catch (Exception e) {
            return 0;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
