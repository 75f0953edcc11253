package io.rkproxy.redis.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionWritesTest {

    private static final Address M1 = new Address("10.0.0.1", 7000);
    private static final Address M2 = new Address("10.0.0.2", 7000);
    private static final Address M3 = new Address("10.0.0.3", 7000);
    private static final Address GONE = new Address("10.0.0.9", 7000);

    private final SlotTable table = ScriptedRoute.evenlyOver(M1, M2, M3);
    private final SessionWrites writes = new SessionWrites();

    @Test
    void namesTheMastersThatServeTheWrittenSlotsOnceEachThenForgetsThem() {
        writes.slot(0);
        writes.slot(1);
        writes.slot(SlotHash.SLOT_COUNT - 1);
        assertEquals(Set.of(M1, M3), writes.takeMasters(table));
        assertEquals(Set.of(), writes.takeMasters(table));
    }

    @Test
    void aWrittenSlotIsLookedForWhereItIsNowAfterItMoved() {
        int slot = SlotHash.slot("{a}".getBytes(StandardCharsets.UTF_8));
        writes.slot(slot);
        Address now = table.masterOf(slot).orElseThrow().equals(M1) ? M2 : M1;
        assertEquals(Set.of(now), writes.takeMasters(table.withSlot(slot, now)));
    }

    @Test
    void aNodeOfAKeylessWriteThatIsNoLongerAMasterIsLeftOut() {
        writes.node(M2);
        writes.node(GONE);
        assertEquals(Set.of(M2), writes.takeMasters(table));
    }
}
