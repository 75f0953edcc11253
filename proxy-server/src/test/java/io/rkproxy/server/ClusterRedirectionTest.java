package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Slots that move while the proxy holds an old slot map: clients never see MOVED or ASK. */
class ClusterRedirectionTest {

    @RegisterExtension
    static final ClusterProxyExtension proxy = new ClusterProxyExtension(0,
            "alice: {password: alice-secret, pool: big}");

    private static RedisServer otherMasterThan(RedisServer master) {
        return proxy.cluster().masters().stream().filter(m -> !m.equals(master)).findFirst().orElseThrow();
    }

    private static void assignSlot(int slot, RedisServer owner) {
        String id = owner.call("CLUSTER", "MYID");
        owner.call("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", id);
        for (RedisServer node : proxy.cluster().masters()) {
            if (!node.equals(owner)) {
                assertEquals("+OK", node.call("CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", id));
            }
        }
    }

    @Test
    void aMovedSlotIsFollowedAndRemembered() {
        int slot = proxy.cluster().slotOf("alice:moving");
        RedisServer from = proxy.cluster().masterForSlot(slot);
        RedisServer to = otherMasterThan(from);
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("SET", "warm", "up"));
            assignSlot(slot, to);
            assertEquals("+OK", c.call("SET", "moving", "v"));
            assertEquals("v", to.call("GET", "alice:moving"));
            assertEquals("v", c.call("GET", "moving"));
            assertEquals("1\nv", c.call("MGET", "warm", "moving").replace("up", "1"));
        } finally {
            to.call("DEL", "alice:moving");
            assignSlot(slot, from);
        }
    }

    @Test
    void aKeyInMidMigrationIsAskedOfTheTargetAfterAsking() {
        int slot = proxy.cluster().slotOf("alice:migrating");
        RedisServer from = proxy.cluster().masterForSlot(slot);
        RedisServer to = otherMasterThan(from);
        String s = Integer.toString(slot);
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", to.call("CLUSTER", "SETSLOT", s, "IMPORTING", from.call("CLUSTER", "MYID")));
            assertEquals("+OK", from.call("CLUSTER", "SETSLOT", s, "MIGRATING", to.call("CLUSTER", "MYID")));
            assertEquals("+OK", c.call("SET", "migrating", "v"), "a new key goes to the target");
            assertEquals("v", c.call("GET", "migrating"));
            assertEquals(":0", from.call("CLUSTER", "COUNTKEYSINSLOT", s));
            assertEquals(":1", to.call("CLUSTER", "COUNTKEYSINSLOT", s));
        } finally {
            assignSlot(slot, to);
            to.call("DEL", "alice:migrating");
            assignSlot(slot, from);
        }
    }

    @Test
    void tryagainDuringAMigrationIsRetriedUntilTheSlotIsStable() throws Exception {
        int slot = proxy.cluster().slotOf("alice:{ta}");
        RedisServer from = proxy.cluster().masterForSlot(slot);
        RedisServer to = otherMasterThan(from);
        String s = Integer.toString(slot);
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("+OK", c.call("SET", "{ta}1", "one"));
            assertEquals("+OK", to.call("CLUSTER", "SETSLOT", s, "IMPORTING", from.call("CLUSTER", "MYID")));
            assertEquals("+OK", from.call("CLUSTER", "SETSLOT", s, "MIGRATING", to.call("CLUSTER", "MYID")));
            assertTrue(from.call("MGET", "alice:{ta}1", "alice:{ta}2").startsWith("-TRYAGAIN"));
            java.util.concurrent.CompletableFuture<String> mget =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> c.call("MGET", "{ta}1", "{ta}2"));
            Thread.sleep(30);
            assertEquals("+OK", from.call("CLUSTER", "SETSLOT", s, "STABLE"));
            assertEquals("+OK", to.call("CLUSTER", "SETSLOT", s, "STABLE"));
            assertEquals("one\n(nil)", mget.get(5, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            from.call("CLUSTER", "SETSLOT", s, "STABLE");
            to.call("CLUSTER", "SETSLOT", s, "STABLE");
        }
    }
}
