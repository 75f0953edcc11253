package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A master with a replica dies; once the cluster has promoted the replica, the proxy serves its slots again. */
class ClusterFailoverTest {

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(1,
            "alice: {password: alice-secret, pool: big}");

    @Test
    void theProxyFollowsAFailoverOnItsOwnAndNoCommandHangs() throws Exception {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.timeout(5_000);
            for (int i = 0; i < 200; i++) {
                assertEquals("+OK", c.call("SET", "k" + i, "v" + i));
            }
            int slot = proxy.cluster().slotOf("alice:k0");
            RedisServer master = proxy.cluster().masterForSlot(slot);
            assertEquals(":1", master.call("WAIT", "1", "5000"), "the replica has every write");

            proxy.cluster().killMaster(master);
            List<String> errors = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            boolean served = false;
            while (!served && System.nanoTime() < deadline) {
                String reply = c.call("GET", "k0"); // a hang would time the socket out and fail the test
                if (reply.equals("v0")) {
                    served = true;
                } else {
                    assertTrue(reply.startsWith("-ERR backend pool 'big' is unavailable")
                            || reply.startsWith("-CLUSTERDOWN") || reply.startsWith("-TRYAGAIN"), reply);
                    errors.add(reply);
                    Thread.sleep(100);
                }
            }
            assertTrue(served, "the promoted replica serves the slot; errors meanwhile: " + errors.size());
            proxy.cluster().awaitFailover(Duration.ofSeconds(30));
            for (int i = 0; i < 200; i++) {
                assertEquals("v" + i, c.call("GET", "k" + i));
            }
            List<String> keys = new ArrayList<>(List.of("MGET"));
            for (int i = 0; i < 200; i++) {
                keys.add("k" + i);
            }
            assertEquals(200, c.call(keys.toArray(String[]::new)).split("\n").length);
            assertEquals("+OK", c.call("SET", "k0", "after"));
        }
    }
}
