package io.rkproxy.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ZkConfigTreeTest {

    @RegisterExtension
    static final ZkTestbed zk = new ZkTestbed();
    private String root;
    private ZkConfigTree tree;

    @BeforeEach
    void freshRoot() {
        root = zk.newRoot();
        tree = new ZkConfigTree(zk.client, new ZkPaths(root));
    }

    private static ConfigEntries entries(Map<String, Object> tenants) {
        return new ConfigEntries(Map.of("cache", Map.of("type", "redis", "nodes", List.of("127.0.0.1:6379"))),
                tenants);
    }

    private List<String> replace(ConfigEntries entries) throws Exception {
        ZkSnapshot now = tree.snapshot();
        return tree.write(now, now.changesTo(entries));
    }

    @Test
    void writingTheChangesToEntriesCreatesUpdatesAndDeletesWhatDiffers() throws Exception {
        replace(entries(Map.of("alice", Map.of("pool", "cache"), "bob", Map.of("pool", "cache"))));

        ConfigEntries next = entries(Map.of("alice", Map.of("pool", "cache", "read-only", true),
                "carol", Map.of("pool", "cache")));
        List<String> done = replace(next);

        assertEquals(List.of("created " + root + "/tenants/carol", "deleted " + root + "/tenants/bob",
                "updated " + root + "/tenants/alice"), done.stream().sorted().toList());
        assertEquals(next, tree.read());
        assertTrue(zk.get(root + "/tenants/alice").contains("read-only: true\n"), "block-style YAML");
    }

    @Test
    void theChangesToWhatIsThereAreNoneAndWriteNothing() throws Exception {
        ConfigEntries entries = entries(Map.of("alice", Map.of("pool", "cache")));
        replace(entries);
        long modified = zk.client.checkExists().forPath(root + "/tenants/alice").getMzxid();

        assertEquals(List.of(), tree.snapshot().changesTo(entries));
        assertEquals(List.of(), replace(entries));
        assertEquals(modified, zk.client.checkExists().forPath(root + "/tenants/alice").getMzxid());
    }

    @Test
    void everyZnodeThatIsNotAYamlMappingIsNamed() throws Exception {
        zk.put(root + "/pools/cache", "type: [redis");
        zk.put(root + "/tenants/alice", "pool: {cache");
        zk.put(root + "/tenants/bob", "just words");

        ConfigException e = assertThrows(ConfigException.class, tree::read);

        assertEquals(List.of("znode " + root + "/pools/cache", "znode " + root + "/tenants/alice",
                        "znode " + root + "/tenants/bob"),
                e.problems().stream().map(p -> p.substring(0, p.indexOf(':'))).toList());
        assertTrue(e.problems().get(2).endsWith("must be a YAML mapping, got just words"), e.problems().get(2));
    }

    @Test
    void aSnapshotKeepsTheGoodEntriesBesideABrokenOne() throws Exception {
        zk.put(root + "/pools/cache", ZkTestbed.POOL);
        zk.put(root + "/tenants/alice", "pool: {cache");

        ZkSnapshot snapshot = tree.snapshot();

        assertEquals(List.of(root + "/tenants/alice"), snapshot.broken().stream().map(ZkEntry::path).toList());
        assertEquals(Set.of("cache"), snapshot.entries().pools().keySet());
        assertEquals(Map.of(), snapshot.entries().tenants());
    }

    @Test
    void aWriteRacingAChangeToTheSameZnodeFailsWholeAndKeepsThatChange() throws Exception {
        replace(entries(Map.of("alice", Map.of("pool", "cache", "password", "old"))));
        ZkSnapshot read = tree.snapshot();
        List<ZkChange> changes = read.changesTo(entries(Map.of("alice", Map.of("pool", "cache", "password", "mine"),
                "bob", Map.of("pool", "cache"))));
        zk.put(root + "/tenants/alice", "{pool: cache, password: theirs}");

        ConcurrentChangeException e = assertThrows(ConcurrentChangeException.class, () -> tree.write(read, changes));

        assertEquals(root + "/tenants/alice changed or was deleted since it was read; nothing was written",
                e.getMessage());
        assertEquals(entries(Map.of("alice", Map.of("pool", "cache", "password", "theirs"))), tree.read());
    }

    @Test
    void aWriteFailsWhenAZnodeItLeavesAloneChangedOrItCreatesAppearedMeanwhile() throws Exception {
        replace(entries(Map.of("alice", Map.of("pool", "cache"))));
        ZkSnapshot read = tree.snapshot();
        List<ZkChange> addBob = read.changesTo(entries(Map.of("alice", Map.of("pool", "cache"),
                "bob", Map.of("pool", "cache"))));
        zk.client.delete().forPath(root + "/tenants/alice");

        assertThrows(ConcurrentChangeException.class, () -> tree.write(read, addBob));
        zk.put(root + "/tenants/alice", "{pool: cache}");
        ZkSnapshot again = tree.snapshot();
        zk.put(root + "/tenants/bob", "{pool: cache, read-only: true}");
        ConcurrentChangeException e = assertThrows(ConcurrentChangeException.class,
                () -> tree.write(again, again.changesTo(entries(Map.of("alice", Map.of("pool", "cache"),
                        "bob", Map.of("pool", "cache"))))));

        assertTrue(e.getMessage().startsWith(root + "/tenants/bob was created since it was read"), e.getMessage());
        assertEquals(Map.of("pool", "cache", "read-only", true), tree.read().tenants().get("bob"));
    }

    @Test
    void twoWritersThatReadTheSameTenantsCannotBothSucceedEvenWhenEachOnlyCreates() throws Exception {
        replace(entries(Map.of("alice", Map.of("pool", "cache"))));
        ZkSnapshot first = tree.snapshot();
        ZkSnapshot second = tree.snapshot();
        tree.write(first, first.changesTo(entries(Map.of("alice", Map.of("pool", "cache"),
                "bob", Map.of("pool", "cache", "password", "shared")))));

        ConcurrentChangeException e = assertThrows(ConcurrentChangeException.class,
                () -> tree.write(second, second.changesTo(entries(Map.of("alice", Map.of("pool", "cache"),
                        "carol", Map.of("pool", "cache", "password", "shared"))))));

        assertTrue(e.getMessage().startsWith(root + "/pools was written by another rkproxy change since it was read"),
                e.getMessage());
        assertEquals(Set.of("alice", "bob"), tree.read().tenants().keySet());
    }
}
