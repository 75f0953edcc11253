package io.rkproxy.zookeeper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.curator.utils.ZKPaths;

/**
 * The pool and tenant znodes under a root as read at one time, broken ones included, with the versions that a
 * {@link ZkConfigTree#write} made from it expects: each znode's, and the data version of each section's parent
 * ({@code sectionVersions}, by parent path), which every write of rkproxy's bumps.
 */
public record ZkSnapshot(ZkPaths paths, List<ZkEntry> znodes, Map<String, Integer> sectionVersions) {

    public ZkSnapshot {
        znodes = List.copyOf(znodes);
        sectionVersions = Map.copyOf(sectionVersions);
    }

    /** The pools and tenants of the znodes that are not broken. */
    public ConfigEntries entries() {
        Map<String, Object> pools = new LinkedHashMap<>();
        Map<String, Object> tenants = new LinkedHashMap<>();
        for (ZkEntry znode : znodes) {
            if (!znode.broken()) {
                (znode.section().equals(ConfigEntries.POOLS) ? pools : tenants).put(znode.name(), znode.entry());
            }
        }
        return new ConfigEntries(pools, tenants);
    }

    public List<ZkEntry> broken() {
        return znodes.stream().filter(ZkEntry::broken).toList();
    }

    /**
     * Why a change to entry {@code name} of {@code section} cannot be validated: the problems of every other broken
     * znode, since the config could not be validated whole beside them. Empty when there is none.
     */
    public List<String> brokenBeside(String section, String name) {
        return broken().stream().filter(z -> !(z.section().equals(section) && z.name().equals(name)))
                .map(ZkEntry::problem).toList();
    }

    public Optional<ZkEntry> find(String section, String name) {
        return znodes.stream().filter(z -> z.section().equals(section) && z.name().equals(name)).findFirst();
    }

    /** What makes the pools and tenants exactly {@code wanted}, in path order; nothing when they are already. */
    public List<ZkChange> changesTo(ConfigEntries wanted) {
        List<ZkChange> changes = new ArrayList<>();
        sectionChanges(ConfigEntries.POOLS, wanted.pools(), changes);
        sectionChanges(ConfigEntries.TENANTS, wanted.tenants(), changes);
        return changes;
    }

    private void sectionChanges(String section, Map<String, Object> wanted, List<ZkChange> changes) {
        TreeSet<String> names = new TreeSet<>(wanted.keySet());
        znodes.stream().filter(z -> z.section().equals(section)).forEach(z -> names.add(z.name()));
        for (String name : names) {
            if (wanted.containsKey(name)) {
                put(section, name, wanted.get(name)).ifPresent(changes::add);
            } else {
                find(section, name).map(ZkChange::delete).ifPresent(changes::add);
            }
        }
    }

    /** Writing {@code entry} as pool or tenant {@code name}; nothing when the znode holds it already. */
    public Optional<ZkChange> put(String section, String name, Object entry) {
        Optional<ZkEntry> current = find(section, name);
        if (current.isEmpty()) {
            return Optional.of(ZkChange.create(ZKPaths.makePath(section(section), name), section, name, entry));
        }
        return Objects.equals(current.get().entry(), entry) ? Optional.empty()
                : Optional.of(ZkChange.update(current.get(), entry));
    }

    private String section(String section) {
        return section.equals(ConfigEntries.POOLS) ? paths.pools() : paths.tenants();
    }
}
