package io.rkproxy.core.config;

import java.util.Arrays;
import java.util.Optional;

/** {@code config.zookeeper.acl}: the ACL of the znodes a node or the {@code zk} tool creates. */
public enum ZnodeAcl {
    /** All permissions for the identity that created the znode, none for anyone else. */
    CREATOR("creator"),
    /** Anyone may read and change the znode ({@code world:anyone}). */
    OPEN("open");

    private final String key;

    ZnodeAcl(String key) {
        this.key = key;
    }

    /** {@code creator} when the client authenticates, {@code open} when it does not. */
    public static ZnodeAcl defaultFor(Optional<ZooKeeperAuth> auth) {
        return auth.isPresent() ? CREATOR : OPEN;
    }

    static ZnodeAcl read(ConfigNode zk, Optional<ZooKeeperAuth> auth) {
        ZnodeAcl fallback = defaultFor(auth);
        String value = zk.string("acl", fallback.key);
        ZnodeAcl acl = Arrays.stream(values()).filter(a -> a.key.equals(value)).findFirst().orElseGet(() -> {
            zk.problem("acl", "must be 'creator' or 'open', got '" + value + "'");
            return fallback;
        });
        if (acl == CREATOR && auth.isEmpty()) {
            zk.problem("acl", "'creator' needs 'auth': a node that does not authenticate has no identity to own "
                    + "the znodes");
        }
        return acl;
    }
}
