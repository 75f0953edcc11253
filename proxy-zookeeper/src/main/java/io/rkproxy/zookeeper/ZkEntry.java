package io.rkproxy.zookeeper;

import io.rkproxy.core.config.ConfigException;
import java.util.Map;

/**
 * One pool or tenant znode as read: its data and version, and the entry it holds, or, for a broken znode (one
 * hand-written with data that is not a YAML mapping), the problem instead.
 *
 * @param section {@link ConfigEntries#POOLS} or {@link ConfigEntries#TENANTS}
 */
public record ZkEntry(String path, String section, String name, byte[] data, int version, Object entry,
                      String problem) {

    static ZkEntry decode(String path, String section, String name, byte[] data, int version) {
        try {
            Object entry = ZkYaml.decode(path, data);
            return entry instanceof Map<?, ?> ? new ZkEntry(path, section, name, data, version, entry, null)
                    : new ZkEntry(path, section, name, data, version, null,
                    "znode " + path + ": must be a YAML mapping, got " + (entry == null ? "nothing" : entry));
        } catch (ConfigException e) {
            return new ZkEntry(path, section, name, data, version, null, String.join("; ", e.problems()));
        }
    }

    /** {@code section/name}: where the znode is under the root. */
    public String key() {
        return key(section, name);
    }

    public static String key(String section, String name) {
        return section + "/" + name;
    }

    public boolean broken() {
        return problem != null;
    }
}
