package io.rkproxy.server;

import static io.rkproxy.server.ZooKeeperFleet.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** ZooKeeper goes away and comes back: the proxy serves throughout, and follows ZooKeeper again afterwards. */
class ZooKeeperOutageTest {

    /** Longer than the node's session timeout, so that its session is lost and must be replaced. */
    private static final long OUTAGE_MS = 3_000;

    @Test
    void servingNeverStopsWhileZooKeeperIsDownAndAChangeAfterItsRestartIsApplied() throws Exception {
        try (ZooKeeperFleet fleet = ZooKeeperFleet.start()) {
            fleet.newRoot();
            fleet.put("tenants", "alice", "{password: alice-secret, pool: cache, db: 1}");
            ProxyServer node = fleet.startNode(Duration.ofSeconds(2));
            Client client = new Client(node);
            Thread thread = new Thread(client, "outage-client");
            thread.start();
            try {
                Eventually.until(() -> client.commands.get() > 100, "the client is running");
                assertEquals(Optional.of(true), node.admin().zooKeeperConnected());

                fleet.zookeeper().stop();
                long beforeOutage = client.commands.get();
                Thread.sleep(OUTAGE_MS);
                long duringOutage = client.commands.get() - beforeOutage;
                Optional<Boolean> connectedDuringOutage = node.admin().zooKeeperConnected();
                fleet.zookeeper().restart();

                Eventually.until(() -> registered(fleet, node), "the node registered again");
                fleet.put("tenants", "carol", "{password: carol-secret, pool: cache, db: 3}");
                Eventually.until(() -> authenticates(node, "carol-secret"), "the change after the restart applied");

                assertEquals(Optional.of(false), connectedDuringOutage, "rkproxy_zookeeper_connected is 0");
                assertEquals(Optional.of(true), node.admin().zooKeeperConnected(), "and 1 again");
                assertTrue(duringOutage > 100, "commands served while ZooKeeper was down: " + duringOutage);
                assertEquals(List.of(), client.failures, "not a single failed command");
                System.out.println("outage: " + duringOutage + " commands served in " + OUTAGE_MS
                        + " ms without ZooKeeper, " + client.commands.get() + " in all");
            } finally {
                client.running.set(false);
                thread.join();
            }
            assertEquals(List.of(), client.failures, "not a single failed command");
        }
    }

    private static boolean registered(ZooKeeperFleet fleet, ProxyServer node) {
        try {
            return fleet.registeredNodes().contains(node.runtime().nodeId());
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean authenticates(ProxyServer node, String password) {
        try (RespSocket c = new RespSocket(node.port())) {
            return c.call("AUTH", password).equals("+OK");
        }
    }

    /** Writes and reads back through one long session, and logs in afresh now and then. */
    private static final class Client implements Runnable {

        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong commands = new AtomicLong();
        final List<String> failures = new CopyOnWriteArrayList<>();
        private final ProxyServer node;

        Client(ProxyServer node) {
            this.node = node;
        }

        @Override
        public void run() {
            try (RespSocket session = login(node, "alice-secret")) {
                for (long i = 0; running.get(); i++) {
                    String value = Long.toString(i);
                    expect("+OK", session.call("SET", "k", value));
                    expect(value, session.call("GET", "k"));
                    if (i % 100 == 0) {
                        try (RespSocket fresh = new RespSocket(node.port())) {
                            expect("+OK", fresh.call("AUTH", "alice-secret"));
                        }
                    }
                    commands.addAndGet(2);
                }
            } catch (RuntimeException e) {
                failures.add(e.toString());
            }
        }

        private void expect(String expected, String reply) {
            if (!expected.equals(reply)) {
                failures.add("expected " + expected + ", got " + reply);
            }
        }
    }
}
