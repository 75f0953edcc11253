package io.rkproxy.zookeeper;

/**
 * Writing one pool or tenant znode: creating it, updating it from the version read, or deleting that version.
 *
 * @param before the znode as read; null for a create
 * @param after the entry written; null for a delete
 * @param data what is written, {@code after} as YAML; null for a delete
 */
public record ZkChange(Kind kind, String path, String section, String name, ZkEntry before, Object after,
                       byte[] data) {

    public enum Kind { CREATE, UPDATE, DELETE }

    static ZkChange create(String path, String section, String name, Object entry) {
        return new ZkChange(Kind.CREATE, path, section, name, null, entry, ZkYaml.encode(entry));
    }

    static ZkChange update(ZkEntry before, Object entry) {
        return new ZkChange(Kind.UPDATE, before.path(), before.section(), before.name(), before, entry,
                ZkYaml.encode(entry));
    }

    public static ZkChange delete(ZkEntry before) {
        return new ZkChange(Kind.DELETE, before.path(), before.section(), before.name(), before, null, null);
    }

    public String key() {
        return ZkEntry.key(section, name);
    }

    /** What {@link ZkConfigTree#write} reports for it: {@code created|updated|deleted <path>}. */
    public String done() {
        return kind.name().toLowerCase() + "d " + path;
    }
}
