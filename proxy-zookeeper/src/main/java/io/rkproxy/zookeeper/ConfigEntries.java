package io.rkproxy.zookeeper;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part of a config that lives in ZooKeeper: pools and tenants by name, each the parsed YAML of one entry, as
 * {@link io.rkproxy.core.config.ConfigLoader} reads it under {@code pools:} and {@code tenants:}.
 */
public record ConfigEntries(Map<String, Object> pools, Map<String, Object> tenants) {

    public static final String POOLS = "pools";
    public static final String TENANTS = "tenants";

    public ConfigEntries {
        pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
        tenants = Collections.unmodifiableMap(new LinkedHashMap<>(tenants));
    }

    /** The pools and tenants of a parsed config document; what is not a mapping there counts as none. */
    public static ConfigEntries of(Object document) {
        Map<?, ?> root = document instanceof Map<?, ?> m ? m : Map.of();
        return new ConfigEntries(section(root.get(POOLS)), section(root.get(TENANTS)));
    }

    private static Map<String, Object> section(Object value) {
        Map<String, Object> entries = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((name, entry) -> entries.put(String.valueOf(name), entry));
        }
        return entries;
    }

    public ConfigEntries withTenant(String name, Object entry) {
        Map<String, Object> next = new LinkedHashMap<>(tenants);
        next.put(name, entry);
        return new ConfigEntries(pools, next);
    }

    public ConfigEntries withoutTenant(String name) {
        Map<String, Object> next = new LinkedHashMap<>(tenants);
        next.remove(name);
        return new ConfigEntries(pools, next);
    }

    /** A whole config document: {@code sections} (server, admin, config) with these pools and tenants. */
    public Map<String, Object> document(Map<String, Object> sections) {
        Map<String, Object> document = new LinkedHashMap<>(sections);
        document.put(POOLS, pools);
        document.put(TENANTS, tenants);
        return document;
    }
}
