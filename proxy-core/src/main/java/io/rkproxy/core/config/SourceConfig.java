package io.rkproxy.core.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code config:} section: where pools and tenants come from. With {@code source: file} they are in the local
 * file itself; with {@code source: zookeeper} they are znodes {@code <root>/pools/<name>} and
 * {@code <root>/tenants/<name>}, each the YAML of one entry.
 *
 * @param debounce how long a burst of changes must be quiet before the new config is loaded
 * @param zkAuth how to authenticate to ZooKeeper; none by default
 * @param zkAcl the ACL of the znodes this node creates
 */
public record SourceConfig(Kind kind, String zkConnect, String zkRoot, Duration zkSessionTimeout,
                           Duration debounce, Optional<ZooKeeperAuth> zkAuth, ZnodeAcl zkAcl) {

    public static final int DEFAULT_DEBOUNCE_MS = 200;
    public static final int DEFAULT_ZK_SESSION_TIMEOUT_MS = 15_000;
    public static final SourceConfig FILE = new SourceConfig(Kind.FILE, "", "",
            Duration.ofMillis(DEFAULT_ZK_SESSION_TIMEOUT_MS), Duration.ofMillis(DEFAULT_DEBOUNCE_MS), Optional.empty(),
            ZnodeAcl.OPEN);

    public enum Kind {
        FILE("file"), ZOOKEEPER("zookeeper");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    static SourceConfig read(ConfigNode parent) {
        if (!parent.has("config")) {
            return FILE;
        }
        ConfigNode node = parent.child("config");
        String source = node.string("source", Kind.FILE.key());
        Kind kind = Arrays.stream(Kind.values()).filter(k -> k.key().equals(source)).findFirst().orElseGet(() -> {
            node.problem("source", "must be 'file' or 'zookeeper', got '" + source + "'");
            return Kind.FILE;
        });
        int debounce = node.integer("debounce-ms", DEFAULT_DEBOUNCE_MS, 0, 60_000);
        String connect = "";
        String root = "";
        int sessionTimeout = DEFAULT_ZK_SESSION_TIMEOUT_MS;
        Optional<ZooKeeperAuth> auth = Optional.empty();
        ZnodeAcl acl = ZnodeAcl.OPEN;
        if (node.has("zookeeper")) {
            ConfigNode zk = node.child("zookeeper");
            connect = zk.string("connect", "");
            root = zk.string("root", "/rkproxy");
            sessionTimeout = zk.integer("session-timeout-ms", DEFAULT_ZK_SESSION_TIMEOUT_MS, 1000, 600_000);
            if (zk.has("auth")) {
                auth = Optional.of(ZooKeeperAuth.read(zk.child("auth")));
            }
            acl = ZnodeAcl.read(zk, auth);
            zk.rejectUnknownKeys();
            if (!root.startsWith("/") || root.length() > 1 && root.endsWith("/")) {
                zk.problem("root", "must be an absolute znode path without a trailing '/', got '" + root + "'");
            }
        }
        node.rejectUnknownKeys();
        if (kind == Kind.ZOOKEEPER && connect.isBlank()) {
            node.problem("zookeeper", "'connect' is required with source: zookeeper");
        }
        return new SourceConfig(kind, connect, root, Duration.ofMillis(sessionTimeout), Duration.ofMillis(debounce),
                auth, acl);
    }
}
