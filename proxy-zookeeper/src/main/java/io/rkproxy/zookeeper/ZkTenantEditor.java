package io.rkproxy.zookeeper;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.NodeFile;
import io.rkproxy.core.config.ReadOnlyAssignments;
import io.rkproxy.core.reload.TenantEditor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;

/**
 * Edits a tenant's znode as {@code rkproxy zk set-tenant} and {@code delete-tenant} do: the whole config it makes
 * (this node's local sections, every pool and tenant znode) validated first, then one transaction conditional on
 * the version of every znode read. A broken tenant znode is repaired by setting or deleting it; beside any other
 * broken znode the change is refused.
 */
final class ZkTenantEditor implements TenantEditor {

    private final CuratorFramework client;
    private final ZkPaths paths;
    private final ZkConfigTree tree;
    private final Path localFile;
    private final ConfigLoader loader;
    private final String source;

    ZkTenantEditor(CuratorFramework client, ZkPaths paths, Path localFile, ConfigLoader loader, String source) {
        this.client = client;
        this.paths = paths;
        this.tree = new ZkConfigTree(client, paths);
        this.localFile = localFile;
        this.loader = loader;
        this.source = source;
    }

    @Override
    public Map<String, Object> entries() throws ConfigException {
        try {
            return tree.snapshot().entries().tenants();
        } catch (Exception e) {
            throw new ConfigException(source + ": cannot read tenants: " + e.getMessage());
        }
    }

    @Override
    public TenantEdit edit(String name, Change change) throws ConfigException, EditConflict {
        ZkSnapshot now;
        try {
            now = tree.snapshot();
        } catch (Exception e) {
            throw new ConfigException(source + ": cannot read tenants: " + e.getMessage());
        }
        List<String> broken = now.brokenBeside(ConfigEntries.TENANTS, name);
        if (!broken.isEmpty()) {
            throw new ConfigException(broken);
        }
        Optional<ZkEntry> current = now.find(ConfigEntries.TENANTS, name);
        Object before = current.filter(z -> !z.broken()).map(ZkEntry::entry).orElse(null);
        Object after = change.apply(before);
        ConfigEntries entries = after == null ? now.entries().withoutTenant(name)
                : now.entries().withTenant(name, after);
        Map<String, Object> document = entries.document(NodeFile.read(localFile).sections());
        try {
            loader.load(source + " with the console's change to tenant " + name, document,
                    new ReadOnlyAssignments(new ZkDbAssignmentStore(client, paths).load()));
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read db assignments: " + e.getMessage());
        }
        List<ZkChange> changes = after == null ? current.map(ZkChange::delete).stream().toList()
                : now.put(ConfigEntries.TENANTS, name, after).stream().toList();
        try {
            tree.write(now, changes);
        } catch (ConcurrentChangeException e) {
            throw new EditConflict(source + ": " + e.getMessage());
        } catch (Exception e) {
            throw new ConfigException(source + ": cannot write tenant " + name + ": " + e.getMessage());
        }
        return new TenantEdit(name, before, after);
    }

    @Override
    public Path localFile() {
        return localFile;
    }
}
