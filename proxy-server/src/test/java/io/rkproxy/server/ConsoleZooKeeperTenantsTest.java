package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rkproxy.testkit.RespSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** The console changes tenants in ZooKeeper: two nodes share it, and a change made on one is in force on both. */
class ConsoleZooKeeperTenantsTest {

    /** The bound: a password rotated in the console works within this on every node. */
    private static final long WITHIN_MS = 2_000;

    @RegisterExtension
    static final ZooKeeperFleet fleet = ZooKeeperFleet.perClass();

    private static String auth(ProxyServer node, String password) {
        try (RespSocket c = new RespSocket(node.port())) {
            return c.call("AUTH", password);
        }
    }

    /** Polls AUTH on {@code node} until it answers {@code expected}; returns how long that took from {@code since}. */
    private static long awaitAuth(ProxyServer node, String password, String expected, long since) {
        long deadline = since + WITHIN_MS * 1_000_000;
        while (!auth(node, password).startsWith(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("AUTH on node " + node.runtime().nodeId() + " does not answer " + expected
                        + " within " + WITHIN_MS + " ms of the console's reply");
            }
            sleep();
        }
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aPasswordRotatedInTheConsoleWorksWithinTwoSecondsOnBothNodes() throws Exception {
        fleet.newRoot();
        fleet.put("tenants", "alice", "{password: alice-old-secret, pool: cache, db: 1}");
        ProxyServer one = fleet.startNodeWithConsole();
        ProxyServer two = fleet.startNodeWithConsole();

        HttpResponse<String> added = new ConsoleClient(one.adminPort())
                .send("POST", "/api/tenant/password?name=alice&action=add", null);
        long since = System.nanoTime();
        assertEquals(200, added.statusCode(), added.body());
        String fresh = ConsoleClient.parse(added.body()).get("password").asText();
        long onOne = awaitAuth(one, fresh, "+OK", since);
        long onTwo = awaitAuth(two, fresh, "+OK", since);
        System.out.println("console rotation: the new password in force on the node asked after " + onOne
                + " ms, on the other after " + onTwo + " ms");
        assertEquals("+OK", auth(one, "alice-old-secret"), "the old password keeps working on the node asked");
        assertEquals("+OK", auth(two, "alice-old-secret"), "and on the other");
        String znode = fleet.get("tenants", "alice");
        assertFalse(znode.contains(fresh), "the znode holds no generated password in clear: " + znode);
        assertTrue(znode.contains(Sha256.hex(fresh)), "only its hash: " + znode);

        HttpResponse<String> removed = new ConsoleClient(two.adminPort())
                .send("POST", "/api/tenant/password?name=alice&action=remove-old", null);
        long removedAt = System.nanoTime();
        assertEquals(200, removed.statusCode(), removed.body());
        awaitAuth(one, "alice-old-secret", "-WRONGPASS", removedAt);
        awaitAuth(two, "alice-old-secret", "-WRONGPASS", removedAt);
        assertEquals("+OK", auth(one, fresh));
        assertEquals("+OK", auth(two, fresh));
    }

    @Test
    void anInvalidChangeIsRefusedWithTheValidatorsMessageAndTheZnodeIsLeftAsItWas() throws Exception {
        fleet.newRoot();
        fleet.put("tenants", "alice", "{password: alice-secret, pool: cache, db: 1}");
        fleet.put("tenants", "bob", "{password: bob-secret, pool: cache, db: 2}");
        ProxyServer node = fleet.startNodeWithConsole();
        ConsoleClient console = new ConsoleClient(node.adminPort());
        String before = fleet.get("tenants", "alice");

        HttpResponse<String> refused = console.send("PUT", "/api/tenant?name=alice",
                "{\"pool\": \"nowhere\", \"db\": 1}");

        assertEquals(422, refused.statusCode(), refused.body());
        JsonNode body = ConsoleClient.parse(refused.body());
        assertTrue(body.get("error").asText().startsWith("refused, nothing changed: "), refused.body());
        String problems = body.get("problems").toString();
        assertTrue(problems.contains("'nowhere'"), "the validator names the pool: " + problems);
        assertEquals(before, fleet.get("tenants", "alice"), "the znode is unchanged");
        assertEquals("+OK", auth(node, "alice-secret"));

        HttpResponse<String> deleted = console.send("DELETE", "/api/tenant?name=bob", null);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals("delete-tenant", ConsoleClient.parse(deleted.body()).get("action").asText());
        assertFalse(fleet.entries().tenants().containsKey("bob"), "bob's znode is gone");
        assertTrue(auth(node, "bob-secret").startsWith("-WRONGPASS"), "bob is gone from the node at once");
    }

    /** Nodes that authenticate to ZooKeeper and create creator-only znodes, so no one else can rewrite theirs. */
    private static final String CREATOR_ACL = "    auth: {user: rk, password: rk-secret}\n    acl: creator\n";

    @Test
    void theChartsMergeTheFleetsNodesAsTheNodeAskedCollectsThemFromTheOthers() throws Exception {
        fleet.newRoot();
        fleet.put("tenants", "alice", "{password: alice-secret, pool: cache, db: 1}");
        ProxyServer one = fleet.startNodeWithConsole(CREATOR_ACL);
        ProxyServer two = fleet.startNodeWithConsole(CREATOR_ACL);
        ConsoleClient console = awaitBothConsoles(one, two);

        try (Jedis alice = new Jedis("127.0.0.1", two.port())) {
            alice.auth("alice-secret");
            Pipeline pipeline = alice.pipelined();
            for (int i = 0; i < 5_000; i++) {
                pipeline.set("k" + i, "v");
            }
            pipeline.sync();
        }
        Eventually.until(() -> peakOps(console.json("/api/series?tenant=alice&fleet=true")) >= 100,
                "node one's fleet chart shows the load node two served", Duration.ofSeconds(20));
        JsonNode merged = console.json("/api/series?tenant=alice&fleet=true");
        assertEquals(List.of(one.runtime().nodeId(), two.runtime().nodeId()),
                List.of(merged.get("nodes").get(0).asText(), merged.get("nodes").get(1).asText()));
        assertEquals(0, merged.get("missing").size(), merged.toString());
        assertTrue(merged.get("notMerged").isNull(), merged.toString());
        assertEquals(0, peakOps(console.json("/api/series?tenant=alice")), 0.0, "node one served none of it");
    }

    @Test
    void withOpenZnodesTheFleetChartIsThisNodesAloneAndSaysWhyWithoutSendingTheToken() throws Exception {
        fleet.newRoot();
        fleet.put("tenants", "alice", "{password: alice-secret, pool: cache, db: 1}");
        ProxyServer one = fleet.startNodeWithConsole();
        ProxyServer two = fleet.startNodeWithConsole();
        ConsoleClient console = awaitBothConsoles(one, two);

        JsonNode own = console.json("/api/series?tenant=alice&fleet=true");

        assertEquals(1, own.get("nodes").size(), "node two was not asked: " + own);
        assertEquals(one.runtime().nodeId(), own.get("nodes").get(0).asText());
        assertEquals(0, own.get("missing").size(), own.toString());
        assertTrue(own.get("notMerged").asText().contains("config.zookeeper.acl is 'creator'"), own.toString());
    }

    /** Node one's console, once it lists both nodes' consoles. */
    private static ConsoleClient awaitBothConsoles(ProxyServer one, ProxyServer two) {
        ConsoleClient console = new ConsoleClient(one.adminPort());
        Eventually.until(() -> Set.copyOf(console.json("/api/nodes").get("nodes").findValuesAsText("console"))
                .equals(Set.of("127.0.0.1:" + one.adminPort(), "127.0.0.1:" + two.adminPort())), "node one "
                + "lists both nodes' consoles: " + console.json("/api/nodes"));
        return console;
    }

    private static double peakOps(JsonNode series) {
        double peak = 0;
        for (JsonNode point : series.get("points")) {
            peak = Math.max(peak, point.get("opsPerSecond").asDouble());
        }
        return peak;
    }
}
