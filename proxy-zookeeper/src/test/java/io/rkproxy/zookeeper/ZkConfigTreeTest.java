package io.rkproxy.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.ConfigException;
import java.util.List;
import java.util.Map;
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

    @Test
    void replaceCreatesUpdatesAndDeletesWhatDiffers() throws Exception {
        tree.replace(entries(Map.of("alice", Map.of("pool", "cache"), "bob", Map.of("pool", "cache"))));

        ConfigEntries next = entries(Map.of("alice", Map.of("pool", "cache", "read-only", true),
                "carol", Map.of("pool", "cache")));
        List<String> done = tree.replace(next);

        assertEquals(List.of("created " + root + "/tenants/carol", "deleted " + root + "/tenants/bob",
                "updated " + root + "/tenants/alice"), done.stream().sorted().toList());
        assertEquals(next, tree.read());
        assertTrue(zk.get(root + "/tenants/alice").contains("read-only: true\n"), "block-style YAML");
    }

    @Test
    void replaceWithWhatIsThereWritesNothing() throws Exception {
        ConfigEntries entries = entries(Map.of("alice", Map.of("pool", "cache")));
        tree.replace(entries);
        long modified = zk.client.checkExists().forPath(root + "/tenants/alice").getMzxid();

        assertEquals(List.of(), tree.replace(entries));
        assertEquals(modified, zk.client.checkExists().forPath(root + "/tenants/alice").getMzxid());
    }

    @Test
    void everyZnodeWithBadYamlIsNamed() throws Exception {
        zk.put(root + "/pools/cache", "type: [redis");
        zk.put(root + "/tenants/alice", "pool: {cache");

        ConfigException e = assertThrows(ConfigException.class, tree::read);

        assertEquals(2, e.problems().size());
        assertEquals(List.of("znode " + root + "/pools/cache", "znode " + root + "/tenants/alice"),
                e.problems().stream().map(p -> p.substring(0, p.indexOf(':'))).toList());
    }
}
