package io.rkproxy.core.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * The stable {@code db: auto} choices: pool name to tenant name to db. Entries of removed tenants stay, so their db
 * (and the data in it) is never handed to a newcomer.
 */
public record DbAssignments(Map<String, Map<String, Integer>> byPool) {

    public static final DbAssignments EMPTY = new DbAssignments(Map.of());

    public DbAssignments {
        Map<String, Map<String, Integer>> copy = new TreeMap<>();
        byPool.forEach((pool, tenants) -> copy.put(pool, Map.copyOf(new TreeMap<>(tenants))));
        byPool = Map.copyOf(copy);
    }

    public Map<String, Integer> pool(String pool) {
        return byPool.getOrDefault(pool, Map.of());
    }

    public DbAssignments with(String pool, String tenant, int db) {
        Map<String, Map<String, Integer>> next = new TreeMap<>(byPool);
        Map<String, Integer> tenants = new TreeMap<>(pool(pool));
        tenants.put(tenant, db);
        next.put(pool, tenants);
        return new DbAssignments(next);
    }
}
