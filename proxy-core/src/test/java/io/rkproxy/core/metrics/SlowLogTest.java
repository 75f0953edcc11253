package io.rkproxy.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlowLogTest {

    @Test
    void keepsTheNewestEntriesUpToItsLengthNewestFirst() {
        SlowLog log = new SlowLog(2, 0);
        for (int i = 0; i < 3; i++) {
            log.add(1000L * i, 50_000 + i, "alice", "cache", "127.0.0.1:5000", "", List.of("get", "k" + i));
        }
        List<SlowLog.Entry> latest = log.latest(10);
        assertEquals(2, latest.size());
        assertEquals(List.of("get", "k2"), latest.get(0).args());
        assertEquals(2, latest.get(0).id());
        assertEquals(1, latest.get(1).id());
        assertEquals(1, log.latest(1).size());
    }

    @Test
    void aTenantsResetHidesOnlyItsOwnOlderEntriesFromIt() {
        SlowLog log = new SlowLog(10, 0);
        log.add(0, 1, "alice", "cache", "c", "", List.of("get", "a1"));
        log.add(0, 1, "bob", "cache", "c", "", List.of("get", "b1"));
        log.reset("alice");
        log.add(0, 1, "alice", "cache", "c", "", List.of("get", "a2"));
        assertEquals(List.of("get", "a2"), log.latest("alice", 10).get(0).args());
        assertEquals(1, log.latest("alice", 10).get(0).id(), "ids go on after a reset, as in Redis");
        assertEquals(1, log.size("alice"));
        assertEquals(1, log.size("bob"));
        assertEquals(3, log.latest(10).size(), "the whole log keeps every entry");
    }

    @Test
    void aTenantsSlowCommandsNeitherPushOutAnothersEntriesNorShowInItsIds() {
        SlowLog log = new SlowLog(3, 0);
        log.add(0, 1, "bob", "cache", "c", "", List.of("get", "b1"));
        for (int i = 0; i < 100; i++) {
            log.add(0, 1, "alice", "cache", "c", "", List.of("blpop", "nokey"));
            if (i == 50) {
                log.add(0, 1, "bob", "cache", "c", "", List.of("get", "b2"));
            }
        }
        List<SlowLog.Entry> bobs = log.latest("bob", 10);
        assertEquals(List.of(List.of("get", "b2"), List.of("get", "b1")), bobs.stream().map(SlowLog.Entry::args).toList());
        assertEquals(List.of(1L, 0L), bobs.stream().map(SlowLog.Entry::id).toList(), "bob's own ids, no gaps");
        assertEquals(3, log.size("alice"), "each tenant's ring is as long as the node's");
        assertEquals(101L, log.latest(1).get(0).id(), "the admins' view numbers every entry of the node");
    }

    @Test
    void aForgottenTenantsNamesakeStartsWithAnEmptyLogAndIdsFromZero() {
        SlowLog log = new SlowLog(10, 0);
        log.add(0, 1, "alice", "cache", "c", "", List.of("get", "old-secret-key"));
        log.forget("alice");
        assertEquals(0, log.size("alice"));
        log.add(0, 1, "alice", "other", "c", "", List.of("get", "new"));
        assertEquals(List.of(List.of("get", "new")), log.latest("alice", 10).stream().map(SlowLog.Entry::args).toList());
        assertEquals(0, log.latest("alice", 10).get(0).id());
    }

    @Test
    void zeroLengthKeepsNothing() {
        SlowLog log = new SlowLog(0, 0);
        log.add(0, 1, "alice", "cache", "c", "", List.of("get"));
        assertEquals(0, log.size());
    }

    @Test
    void aTenantsOwnThresholdDecidesItsRingOnlyAndTheNodesRingKeepsTheNodesThreshold() {
        SlowLog log = new SlowLog(10, 10_000);
        log.setSlowerThanMicros("alice", 0);
        log.setSlowerThanMicros("bob", -1);
        assertTrue(log.slow("alice", 5));
        assertFalse(log.slow("carol", 5));
        log.add(0, 5, "alice", "cache", "c", "", List.of("get", "fast"));
        log.add(0, 20_000, "bob", "cache", "c", "", List.of("get", "slow"));

        assertEquals(1, log.size("alice"), "alice logs everything in her own ring");
        assertEquals(0, log.size("bob"), "bob turned his own ring off");
        assertEquals(List.of(List.of("get", "slow")), log.latest(10).stream().map(SlowLog.Entry::args).toList(),
                "the admins' view keeps the node's threshold, whatever the tenants set");
        assertEquals(10_000, log.slowerThanMicros("carol"));
    }
}
