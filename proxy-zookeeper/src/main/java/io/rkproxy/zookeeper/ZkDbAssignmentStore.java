package io.rkproxy.zookeeper;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.DbAssignmentStore;
import io.rkproxy.core.config.DbAssignments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * {@code db: auto} assignments shared by the fleet: one znode per pool, {@code <root>/assignments/<pool>}, holding
 * a YAML map of tenant to db.
 *
 * <p>Two nodes that load a new tenant at the same moment must not pick different dbs for it. This store uses
 * ZooKeeper's znode versions rather than a lock: {@link #load()} remembers the version of each znode it read, and
 * {@link #save} writes all changed pools in one transaction that succeeds only if none of them changed (or was
 * created) since. The node that loses the race gets {@link #conflicted()}, reads again and so reuses the winner's
 * choice. A lock would cost every load a lock znode and its round trips, and could leave a node waiting on another
 * that stalled; a conflict here is rare (two nodes assigning at the same instant) and costs one more load.
 *
 * <p>One instance serves one load: it saves against what it read.
 */
public final class ZkDbAssignmentStore implements DbAssignmentStore {

    private final CuratorFramework client;
    private final ZkPaths paths;
    private final Map<String, Integer> versions = new HashMap<>();
    private DbAssignments read = DbAssignments.EMPTY;
    private boolean conflicted;

    public ZkDbAssignmentStore(CuratorFramework client, ZkPaths paths) {
        this.client = client;
        this.paths = paths;
    }

    @Override
    public DbAssignments load() throws IOException {
        versions.clear();
        Map<String, Map<String, Integer>> byPool = new LinkedHashMap<>();
        try {
            for (String pool : children()) {
                String path = ZKPaths.makePath(paths.assignments(), pool);
                Stat stat = new Stat();
                byte[] data = client.getData().storingStatIn(stat).forPath(path);
                byPool.put(pool, dbs(path, ZkYaml.decode(path, data)));
                versions.put(pool, stat.getVersion());
            }
        } catch (ConfigException e) {
            throw new IOException(e.getMessage(), e);
        } catch (Exception e) {
            throw new IOException("cannot read " + paths.assignments() + ": " + e, e);
        }
        read = new DbAssignments(byPool);
        return read;
    }

    private List<String> children() throws Exception {
        try {
            return client.getChildren().forPath(paths.assignments());
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    private static Map<String, Integer> dbs(String path, Object data) throws IOException {
        Map<String, Integer> dbs = new LinkedHashMap<>();
        if (data == null) {
            return dbs;
        }
        if (!(data instanceof Map<?, ?> map)) {
            throw new IOException("znode " + path + ": expected a mapping of tenant to db");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof Integer db)) {
                throw new IOException("znode " + path + ": " + e.getKey() + ": must be a db index");
            }
            dbs.put(String.valueOf(e.getKey()), db);
        }
        return dbs;
    }

    @Override
    public void save(DbAssignments assignments) throws IOException {
        try {
            ZkClients.ensurePath(client, paths.assignments());
            List<CuratorOp> ops = new ArrayList<>();
            for (Map.Entry<String, Map<String, Integer>> pool : assignments.byPool().entrySet()) {
                if (pool.getValue().equals(read.pool(pool.getKey()))) {
                    continue;
                }
                String path = ZKPaths.makePath(paths.assignments(), pool.getKey());
                byte[] data = ZkYaml.encode(new TreeMap<>(pool.getValue()));
                Integer version = versions.get(pool.getKey());
                ops.add(version == null ? client.transactionOp().create().forPath(path, data)
                        : client.transactionOp().setData().withVersion(version).forPath(path, data));
            }
            if (!ops.isEmpty()) {
                client.transaction().forOperations(ops);
            }
        } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException e) {
            conflicted = true;
            throw new IOException("another node changed " + paths.assignments() + " meanwhile", e);
        } catch (Exception e) {
            throw new IOException("cannot write " + paths.assignments() + ": " + e, e);
        }
    }

    /** True when {@link #save} lost a race with another node: load again to take up its choices. */
    public boolean conflicted() {
        return conflicted;
    }
}
