package io.rkproxy.zookeeper;

import io.rkproxy.core.config.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;

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
     * Every pool and tenant, in name order. A znode that is not a YAML mapping is a problem naming it; all such
     * problems come together.
     */
    public ConfigEntries read() throws Exception {
        ZkSnapshot snapshot = snapshot();
        List<String> problems = snapshot.broken().stream().map(ZkEntry::problem).toList();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return snapshot.entries();
    }

    /** Every pool and tenant znode, broken ones included, in path order. */
    public ZkSnapshot snapshot() throws Exception {
        List<ZkEntry> znodes = new ArrayList<>();
        Map<String, Integer> sectionVersions = new HashMap<>();
        readSection(ConfigEntries.POOLS, paths.pools(), znodes, sectionVersions);
        readSection(ConfigEntries.TENANTS, paths.tenants(), znodes, sectionVersions);
        return new ZkSnapshot(paths, znodes, sectionVersions);
    }

    private void readSection(String section, String parent, List<ZkEntry> znodes, Map<String, Integer> versions)
            throws Exception {
        Stat parentStat = new Stat();
        for (String name : children(parent, parentStat)) {
            String path = ZKPaths.makePath(parent, name);
            Stat stat = new Stat();
            try {
                byte[] data = client.getData().storingStatIn(stat).forPath(path);
                znodes.add(ZkEntry.decode(path, section, name, data, stat.getVersion()));
            } catch (KeeperException.NoNodeException e) {
                // deleted while reading: the watch that follows loads again
            }
        }
        versions.put(parent, parentStat.getVersion());
    }

    /**
     * Makes {@code changes}, all or nothing, on condition that no znode of {@code basis} changed since it was read
     * and that none of those {@code changes} creates exists meanwhile. Returns what it did, one line per znode.
     */
    public List<String> write(ZkSnapshot basis, List<ZkChange> changes) throws Exception {
        if (changes.isEmpty()) {
            return List.of();
        }
        ZkClients.ensurePath(client, paths.pools());
        ZkClients.ensurePath(client, paths.tenants());
        List<CuratorOp> ops = new ArrayList<>();
        List<String> meanings = new ArrayList<>();
        for (ZkEntry znode : basis.znodes()) {
            if (changes.stream().noneMatch(c -> c.path().equals(znode.path()))) {
                ops.add(client.transactionOp().check().withVersion(znode.version()).forPath(znode.path()));
                meanings.add(znode.path() + " changed or was deleted");
            }
        }
        for (ZkChange change : changes) {
            ops.add(op(change));
            meanings.add(change.path() + (change.kind() == ZkChange.Kind.CREATE ? " was created"
                    : " changed or was deleted"));
        }
        // A check op cannot see a child created meanwhile, so every write bumps the sections' parents: two writers
        // that read the same sections cannot both succeed, even when one of them only creates.
        for (String parent : List.of(paths.pools(), paths.tenants())) {
            ops.add(client.transactionOp().setData().withVersion(basis.sectionVersions().getOrDefault(parent, 0))
                    .forPath(parent, new byte[0]));
            meanings.add(parent + " was written by another rkproxy change");
        }
        try {
            client.transaction().forOperations(ops);
        } catch (KeeperException e) {
            throw new ConcurrentChangeException(failed(e, meanings) + " since it was read; nothing was written");
        }
        return changes.stream().map(ZkChange::done).toList();
    }

    private CuratorOp op(ZkChange change) throws Exception {
        return switch (change.kind()) {
            case CREATE -> client.transactionOp().create().forPath(change.path(), change.data());
            case UPDATE -> client.transactionOp().setData().withVersion(change.before().version())
                    .forPath(change.path(), change.data());
            case DELETE -> client.transactionOp().delete().withVersion(change.before().version())
                    .forPath(change.path());
        };
    }

    /** Which operation of the transaction failed, in words; ZooKeeper's exception for a multi names no path. */
    private static String failed(KeeperException e, List<String> meanings) throws KeeperException {
        List<OpResult> results = e.getResults();
        for (int i = 0; results != null && i < results.size(); i++) {
            if (results.get(i) instanceof OpResult.ErrorResult error
                    && error.getErr() != KeeperException.Code.OK.intValue()
                    && error.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
                return meanings.get(i);
            }
        }
        throw e;
    }

    private Iterable<String> children(String parent, Stat parentStat) throws Exception {
        try {
            return new TreeSet<>(client.getChildren().storingStatIn(parentStat).forPath(parent));
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }
}
