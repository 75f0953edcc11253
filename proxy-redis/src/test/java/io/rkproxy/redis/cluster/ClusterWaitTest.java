package io.rkproxy.redis.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where WAIT's marks go: never on a key a client could name, and for a hash-tagged prefix on its slot's master. */
class ClusterWaitTest {

    private static final Address M1 = new Address("127.0.0.1", 7001);
    private static final Address M2 = new Address("127.0.0.1", 7002);
    private static final Address M3 = new Address("127.0.0.1", 7003);
    private static final SlotTable TABLE = ScriptedRoute.evenlyOver(M1, M2, M3);

    @Test
    void aMarkKeyIsInsideThePrefixOnTheMastersSlotButNoKeyAClientWouldName() {
        for (Address master : List.of(M1, M2, M3)) {
            String key = new String(ClusterWait.markKey(TABLE, master, "alice:"), StandardCharsets.UTF_8);
            assertTrue(key.startsWith("alice:{rkproxy-wait-"), key);
            assertTrue(key.matches("alice:\\{rkproxy-wait-\\d+}:[0-9a-f]{32}"), "ends in the nonce: " + key);
            assertEquals(master, TABLE.masterOf(SlotHash.slot(key.getBytes(StandardCharsets.UTF_8))).orElseThrow());
        }
    }

    @Test
    void aPrefixWithAHashTagWaitsOnItsSlotsMasterAloneWhereverTheSessionWrote() {
        Address home = TABLE.masterOf(SlotHash.slot("{acme}".getBytes(StandardCharsets.UTF_8))).orElseThrow();
        Address elsewhere = home.equals(M1) ? M2 : M1;
        assertEquals(List.of(home), ClusterWait.holdingWrites(List.of(elsewhere), TABLE, "{acme}:"));
        assertEquals(List.of(home), ClusterWait.holdingWrites(List.of(M1, M2, M3), TABLE, "{acme}:"));
        assertNotNull(ClusterWait.markKey(TABLE, home, "{acme}:"));
        assertEquals(List.of(M1, M3), ClusterWait.holdingWrites(List.of(M1, M3), TABLE, "alice:"));
        assertNotEquals(List.of(home), ClusterWait.holdingWrites(List.of(elsewhere), TABLE, "{acme"),
                "an unclosed brace is no hash tag");
    }
}
