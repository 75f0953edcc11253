package io.rkproxy.bench.devstack;

import java.util.ArrayList;
import java.util.List;

/**
 * The rkproxy config for the stack, ready to paste: its pools and tenants, which make a config file as they are
 * (or go to ZooKeeper with {@code scripts/rkproxy zk push}), then, when ZooKeeper runs, the {@code config} section
 * of a node that takes them from there. Entries are YAML lines indented as under {@code pools:} or {@code tenants:}.
 */
final class ConfigSnippet {

    static final String ZOOKEEPER_ROOT = "/rkproxy";
    /** The line that starts the section of a node on ZooKeeper; everything above it is the pools and tenants. */
    static final String ZOOKEEPER_HEADER = "# ---- a node that takes its pools and tenants from ZooKeeper has, in"
            + " its own file:";

    private final List<String> pools = new ArrayList<>();
    private final List<String> tenants = new ArrayList<>();
    private String zookeeperConnect;

    /** A pool entry: {@code name:}, a comment saying what it stands on, then its keys. */
    void pool(String name, String comment, String... keys) {
        pools.add(entry(name + ":  # " + comment, keys));
    }

    void tenant(String name, String... keys) {
        tenants.add(entry(name + ":", keys));
    }

    void zookeeper(String connect) {
        zookeeperConnect = connect;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (!pools.isEmpty()) {
            text.append("# ---- pools and tenants: a config file as they are (config.source: file, the default)");
            if (zookeeperConnect != null) {
                text.append(", or push them to ZooKeeper:\n#      scripts/rkproxy zk push --config FILE --zk ")
                        .append(zookeeperConnect).append(" --root ").append(ZOOKEEPER_ROOT);
            }
            text.append("\npools:\n");
            pools.forEach(text::append);
            text.append("tenants:\n");
            tenants.forEach(text::append);
        }
        if (zookeeperConnect != null) {
            text.append(ZOOKEEPER_HEADER).append('\n')
                    .append("config:\n")
                    .append("  source: zookeeper\n")
                    .append("  zookeeper:\n")
                    .append("    connect: \"").append(zookeeperConnect).append("\"\n")
                    .append("    root: ").append(ZOOKEEPER_ROOT).append('\n');
        }
        return text.toString();
    }

    private static String entry(String head, String... keys) {
        StringBuilder entry = new StringBuilder("  ").append(head).append('\n');
        for (String key : keys) {
            entry.append("    ").append(key).append('\n');
        }
        return entry.toString();
    }
}
