package io.rkproxy.server;

import io.rkproxy.zookeeper.ConfigEntries;
import io.rkproxy.zookeeper.ZkChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Changes to pools and tenants in words, one line per znode and, for a changed one, a line per key that differs,
 * {@code old -> new}. The values of keys that hold secrets are shown as {@code ***}.
 */
final class ZkDiff {

    private static final String MASK = "***";
    private static final String NONE = "(none)";
    private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "jaas");

    private ZkDiff() {
    }

    static List<String> lines(List<ZkChange> changes) {
        List<String> lines = new ArrayList<>();
        for (ZkChange change : changes) {
            String what = (change.section().equals(ConfigEntries.POOLS) ? "pool " : "tenant ") + change.name();
            // not the parser's problem: it may quote the znode's text, secrets and all
            String broken = change.before() != null && change.before().broken() ? " (a broken znode)" : "";
            switch (change.kind()) {
                case CREATE -> lines.add("added " + what);
                case DELETE -> lines.add("removed " + what + broken);
                case UPDATE -> {
                    lines.add("changed " + what + broken);
                    lines.addAll(keyLines(change));
                }
            }
        }
        return lines;
    }

    /** For an entry changed from a readable one, a line per key that differs; nothing for any other change. */
    static List<String> keyLines(ZkChange change) {
        if (change.kind() != ZkChange.Kind.UPDATE || change.before().broken()) {
            return List.of();
        }
        return keyLines(change.before().entry(), change.after());
    }

    /** A line per key that differs; one line for the whole entry when the file's is not a mapping. */
    private static List<String> keyLines(Object was, Object is) {
        if (!(was instanceof Map<?, ?> before) || !(is instanceof Map<?, ?> after)) {
            return List.of("  " + yaml(masked(was)) + " -> " + yaml(masked(is)));
        }
        Set<Object> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> lines = new ArrayList<>();
        for (Object key : keys) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                lines.add("  " + key + ": " + show(key, before) + " -> " + show(key, after));
            }
        }
        return lines;
    }

    private static String show(Object key, Map<?, ?> entry) {
        if (!entry.containsKey(key)) {
            return NONE;
        }
        return secret(key) ? MASK : yaml(masked(entry.get(key)));
    }

    private static String yaml(Object value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(value).trim();
    }

    private static Object masked(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> masked = new LinkedHashMap<>();
            map.forEach((k, v) -> masked.put(k, secret(k) ? MASK : masked(v)));
            return masked;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ZkDiff::masked).toList();
        }
        return value;
    }

    private static boolean secret(Object key) {
        String name = String.valueOf(key).toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(name::contains);
    }
}
