package io.rkproxy.zookeeper;

import org.apache.curator.utils.ZKPaths;

/** Where rkproxy keeps things under its root znode. */
public record ZkPaths(String root) {

    public String pools() {
        return ZKPaths.makePath(root, "pools");
    }

    public String tenants() {
        return ZKPaths.makePath(root, "tenants");
    }

    /** One ephemeral znode per running node. */
    public String nodes() {
        return ZKPaths.makePath(root, "nodes");
    }

    /** One znode per pool: the {@code db: auto} choices of its tenants. */
    public String assignments() {
        return ZKPaths.makePath(root, "assignments");
    }

    /** True for a znode that is one pool or one tenant, the znodes a config is made of. */
    public boolean isConfigEntry(String path) {
        String parent = ZKPaths.getPathAndNode(path).getPath();
        return parent.equals(pools()) || parent.equals(tenants());
    }
}
