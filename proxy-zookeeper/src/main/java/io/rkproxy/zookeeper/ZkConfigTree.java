package io.rkproxy.zookeeper;

import io.rkproxy.core.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;

/**
 * The pool and tenant znodes under a root: {@code <root>/pools/<name>} and {@code <root>/tenants/<name>}, each the
 * YAML of one entry. Reads them all; writes changes in one transaction, so that watchers see one change.
 */
public final class ZkConfigTree {

    private final CuratorFramework client;
    private final ZkPaths paths;

    public ZkConfigTree(CuratorFramework client, ZkPaths paths) {
        this.client = client;
        this.paths = paths;
    }

    /**
     * Every pool and tenant, in name order. A znode whose YAML does not parse is a problem naming it; all such
     * problems come together.
     */
    public ConfigEntries read() throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, Object> pools = readSection(paths.pools(), problems);
        Map<String, Object> tenants = readSection(paths.tenants(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ConfigEntries(pools, tenants);
    }

    private Map<String, Object> readSection(String parent, List<String> problems) throws Exception {
        Map<String, Object> entries = new LinkedHashMap<>();
        for (String name : children(parent)) {
            String path = ZKPaths.makePath(parent, name);
            try {
                entries.put(name, ZkYaml.decode(path, client.getData().forPath(path)));
            } catch (KeeperException.NoNodeException e) {
                // deleted while reading: the watch that follows loads again
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        return entries;
    }

    /**
     * Makes the pools and tenants exactly {@code entries}: creates and updates what differs, deletes what
     * {@code entries} no longer has. Returns what it did, one line per znode; nothing when all was in place.
     */
    public List<String> replace(ConfigEntries entries) throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        List<String> done = new ArrayList<>();
        replaceSection(paths.pools(), entries.pools(), ops, done);
        replaceSection(paths.tenants(), entries.tenants(), ops, done);
        commit(ops);
        return done;
    }

    /** Creates or updates one tenant, leaving every other znode alone. */
    public List<String> putTenant(String name, Object entry) throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        List<String> done = new ArrayList<>();
        ZkClients.ensurePath(client, paths.tenants());
        put(ZKPaths.makePath(paths.tenants(), name), entry, ops, done);
        commit(ops);
        return done;
    }

    private void replaceSection(String parent, Map<String, Object> wanted, List<CuratorOp> ops, List<String> done)
            throws Exception {
        ZkClients.ensurePath(client, parent);
        for (Map.Entry<String, Object> e : wanted.entrySet()) {
            put(ZKPaths.makePath(parent, e.getKey()), e.getValue(), ops, done);
        }
        for (String name : children(parent)) {
            if (!wanted.containsKey(name)) {
                String path = ZKPaths.makePath(parent, name);
                ops.add(client.transactionOp().delete().forPath(path));
                done.add("deleted " + path);
            }
        }
    }

    private void put(String path, Object entry, List<CuratorOp> ops, List<String> done) throws Exception {
        byte[] current;
        try {
            current = client.getData().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            ops.add(client.transactionOp().create().forPath(path, ZkYaml.encode(entry)));
            done.add("created " + path);
            return;
        }
        if (!Objects.equals(parsedOrNull(path, current), entry)) {
            ops.add(client.transactionOp().setData().forPath(path, ZkYaml.encode(entry)));
            done.add("updated " + path);
        }
    }

    /** What a znode holds, or null when that is not YAML: either way, different data gets rewritten. */
    private static Object parsedOrNull(String path, byte[] data) {
        try {
            return ZkYaml.decode(path, data);
        } catch (ConfigException e) {
            return null;
        }
    }

    private void commit(List<CuratorOp> ops) throws Exception {
        if (!ops.isEmpty()) {
            client.transaction().forOperations(ops);
        }
    }

    private Iterable<String> children(String parent) throws Exception {
        try {
            return new TreeSet<>(client.getChildren().forPath(parent));
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }
}
