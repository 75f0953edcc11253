package io.rkproxy.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.DbAssignments;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ZkDbAssignmentStoreTest {

    @RegisterExtension
    static final ZkTestbed zk = new ZkTestbed();
    private ZkPaths paths;

    @BeforeEach
    void freshRoot() {
        paths = new ZkPaths(zk.newRoot());
    }

    private ZkDbAssignmentStore store() {
        return new ZkDbAssignmentStore(zk.client, paths);
    }

    @Test
    void savedAssignmentsAreWhatTheNextLoadReads() throws Exception {
        DbAssignments assignments = DbAssignments.EMPTY.with("cache", "bob", 1).with("other", "carol", 4);
        ZkDbAssignmentStore store = store();
        store.load();
        store.save(assignments);

        assertEquals(assignments, store().load());
        assertEquals("carol: 4\n", zk.get(paths.assignments() + "/other"));
    }

    @Test
    void theSecondOfTwoFirstSavesConflictsAndWritesNothing() throws Exception {
        assertLaterSaveLoses();
    }

    @Test
    void aSaveAgainstAnOutdatedVersionConflictsAndWritesNothing() throws Exception {
        ZkDbAssignmentStore store = store();
        store.load();
        store.save(DbAssignments.EMPTY.with("cache", "aaron", 1));

        assertLaterSaveLoses();
    }

    /** Two stores read the same state; the first to save wins, the other conflicts and changes nothing. */
    private void assertLaterSaveLoses() throws Exception {
        ZkDbAssignmentStore winner = store();
        ZkDbAssignmentStore loser = store();
        DbAssignments before = winner.load();
        loser.load();

        winner.save(before.with("cache", "bob", 2));
        IOException e = assertThrows(IOException.class, () -> loser.save(before.with("cache", "carol", 2)));

        assertFalse(winner.conflicted());
        assertTrue(loser.conflicted(), e.getMessage());
        assertEquals(before.with("cache", "bob", 2), store().load());
    }
}
