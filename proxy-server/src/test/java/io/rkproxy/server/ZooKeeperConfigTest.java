package io.rkproxy.server;

import static io.rkproxy.server.ZooKeeperFleet.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.reload.ConfigLoadStatus;
import io.rkproxy.core.reload.FleetMember;
import io.rkproxy.testkit.RespSocket;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two rkproxy nodes on one ZooKeeper config: a change written there is in force on both, or rejected on both. */
class ZooKeeperConfigTest {

    private static final long PROPAGATION_LIMIT_MS = 2_000;
    @RegisterExtension
    static final ZooKeeperFleet fleet = ZooKeeperFleet.perClass();
    private ProxyServer first;
    private ProxyServer second;

    @BeforeEach
    void startTwoNodes() throws Exception {
        fleet.redis().call("FLUSHALL");
        fleet.newRoot();
        fleet.put("tenants", "alice", "{password: alice-secret, pool: cache, db: 1}");
        fleet.put("tenants", "bob", "{password: bob-secret, pool: cache, db: 2}");
        first = fleet.startNode();
        second = fleet.startNode();
    }

    @AfterEach
    void stopNodes() {
        fleet.stopNodes();
    }

    @Test
    void aNewReadOnlyFlagIsInForceOnBothNodesWithinTwoSeconds() throws Exception {
        try (RespSocket onFirst = login(first, "alice-secret"); RespSocket onSecond = login(second, "alice-secret")) {
            assertEquals("+OK", onFirst.call("SET", "k", "1"));
            long started = System.nanoTime();
            fleet.put("tenants", "alice", "{password: alice-secret, pool: cache, db: 1, read-only: true}");

            long elapsed = awaitOnBoth(node -> (node == first ? onFirst : onSecond).call("SET", "probe", "x")
                    .startsWith("-NOPERM"), started);

            System.out.println("propagation: read-only flag in force on both nodes after " + elapsed + " ms");
            assertTrue(elapsed < PROPAGATION_LIMIT_MS, elapsed + " ms");
            assertEquals("1", onSecond.call("GET", "k"), "live sessions still read");
        }
    }

    @Test
    void aTwoPasswordRotationIsInForceOnBothNodesWithinTwoSecondsAndEndsNoSession() throws Exception {
        try (RespSocket onFirst = login(first, "alice-secret"); RespSocket onSecond = login(second, "alice-secret")) {
            long started = System.nanoTime();
            fleet.put("tenants", "alice", "{passwords: [alice-new-secret, alice-secret], pool: cache, db: 1}");
            long added = awaitOnBoth(node -> authenticates(node, "alice-new-secret"), started);
            assertTrue(authenticates(first, "alice-secret") && authenticates(second, "alice-secret"),
                    "the old password still lets clients in");

            started = System.nanoTime();
            fleet.put("tenants", "alice", "{password: alice-new-secret, pool: cache, db: 1}");
            long removed = awaitOnBoth(node -> !authenticates(node, "alice-secret"), started);

            System.out.println("propagation: a second password in force on both nodes after " + added
                    + " ms, the old one gone after " + removed + " ms");
            assertTrue(added < PROPAGATION_LIMIT_MS && removed < PROPAGATION_LIMIT_MS,
                    added + " ms, " + removed + " ms");
            for (RespSocket session : List.of(onFirst, onSecond)) {
                assertEquals("+PONG", session.call("PING"), "sessions on the old password go on");
            }
            assertTrue(authenticates(first, "alice-new-secret") && authenticates(second, "alice-new-secret"));
        }
    }

    @Test
    void aNewTenantAppearsOnBothNodes() throws Exception {
        long started = System.nanoTime();
        fleet.put("tenants", "carol", "{password: carol-secret, pool: cache, db: 3}");

        long elapsed = awaitOnBoth(node -> authenticates(node, "carol-secret"), started);

        System.out.println("propagation: new tenant served by both nodes after " + elapsed + " ms");
        try (RespSocket onFirst = login(first, "carol-secret"); RespSocket onSecond = login(second, "carol-secret")) {
            assertEquals("+OK", onFirst.call("SET", "k", "carol's"));
            assertEquals("carol's", onSecond.call("GET", "k"));
        }
    }

    @Test
    void aDeletedTenantsSessionsAreClosedOnBothNodes() throws Exception {
        try (RespSocket onFirst = login(first, "bob-secret"); RespSocket onSecond = login(second, "bob-secret")) {
            fleet.delete("tenants", "bob");

            awaitOnBoth(node -> !authenticates(node, "bob-secret"), System.nanoTime());

            for (RespSocket session : List.of(onFirst, onSecond)) {
                assertTrue(session.call("PING").contains("no longer exists"));
                assertTrue(session.isClosedByServer());
            }
        }
    }

    @Test
    void anInvalidChangeIsRejectedAndTheOldConfigKeepsServingOnBothNodes() throws Exception {
        try (RespSocket onFirst = login(first, "alice-secret"); RespSocket onSecond = login(second, "alice-secret")) {
            fleet.put("tenants", "alice", "{password: alice-secret, pool: missing, db: 1, read-only: true}");

            awaitOnBoth(node -> !node.admin().lastLoad().accepted(), System.nanoTime());

            for (ProxyServer node : List.of(first, second)) {
                ConfigLoadStatus load = node.admin().lastLoad();
                assertEquals(1, load.generation(), "nothing accepted since startup");
                assertTrue(load.problems().toString().contains("tenants.alice.pool: no redis pool named 'missing'"),
                        load.problems()::toString);
            }
            assertEquals("+OK", onFirst.call("SET", "k", "v"), "still writable: the old config serves");
            assertEquals("v", onSecond.call("GET", "k"));
            assertTrue(authenticates(second, "bob-secret"));
        }
    }

    @Test
    void dbAutoTenantsGetTheSameDbOnBothNodes() throws Exception {
        fleet.put("tenants", "dave", "{password: dave-secret, pool: cache, db: auto}");
        awaitOnBoth(node -> authenticates(node, "dave-secret"), System.nanoTime());

        try (RespSocket onFirst = login(first, "dave-secret"); RespSocket onSecond = login(second, "dave-secret")) {
            assertEquals("+OK", onFirst.call("SET", "k", "dave's"));
            assertEquals("dave's", onSecond.call("GET", "k"));
        }
        assertEquals(first.runtime().snapshot().tenant("dave").orElseThrow().db(),
                second.runtime().snapshot().tenant("dave").orElseThrow().db());
    }

    @Test
    void bothNodesListEachOtherAndAStoppedNodeDisappears() throws Exception {
        Set<String> both = Set.of(first.runtime().nodeId(), second.runtime().nodeId());
        awaitOnBoth(node -> ids(node).equals(both), System.nanoTime());
        FleetMember self = first.admin().nodes().stream()
                .filter(m -> m.id().equals(first.runtime().nodeId())).findFirst().orElseThrow();
        assertEquals("127.0.0.1:" + first.port(), self.address());

        second.close();

        Eventually.until(() -> ids(first).equals(Set.of(first.runtime().nodeId())), "the stopped node is gone");
    }

    private static Set<String> ids(ProxyServer node) {
        return node.admin().nodes().stream().map(FleetMember::id).collect(Collectors.toSet());
    }

    private static boolean authenticates(ProxyServer node, String password) {
        try (RespSocket c = new RespSocket(node.port())) {
            return c.call("AUTH", password).equals("+OK");
        }
    }

    /** Waits until {@code inForce} holds on both nodes; returns the milliseconds since {@code startedNanos}. */
    private long awaitOnBoth(Predicate<ProxyServer> inForce, long startedNanos) {
        Eventually.until(() -> inForce.test(first) && inForce.test(second), "in force on both nodes");
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
