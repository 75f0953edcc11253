package io.rkproxy.core.config;

import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every tenant its backend db: checks explicit ones against the pool's db count, and picks a free db for
 * {@code db: auto}, reusing the stored choice so it never moves. Explicit dbs may be shared on purpose (a read-only
 * tenant over a writer's data); an automatic choice never lands on a db anyone else uses.
 */
final class DbResolver {

    private static final Logger log = LoggerFactory.getLogger(DbResolver.class);

    /** Shared dbs already logged by this process: a deliberate share is said once, not at every reload. */
    private static final Set<String> REPORTED_SHARES = ConcurrentHashMap.newKeySet();

    /** db 0 is where clients connecting straight to the backend land, so automatic choices start above it. */
    static final int FIRST_AUTO_DB = 1;

    private final ConfigNode root;
    private DbAssignments assignments;

    DbResolver(ConfigNode root, DbAssignments stored) {
        this.root = root;
        this.assignments = stored;
    }

    DbAssignments assignments() {
        return assignments;
    }

    Map<String, TenantConfig> resolve(Map<String, TenantConfig> tenants, Map<String, PoolConfig> pools,
                                      ToIntFunction<PoolConfig> databases) {
        Map<String, TenantConfig> out = new LinkedHashMap<>();
        Map<String, Integer> dbCounts = new HashMap<>();
        Map<String, Map<Integer, String>> taken = new HashMap<>();

        for (TenantConfig t : new TreeMap<>(tenants).values()) {
            if (!t.hasRedisPool() || pools.get(t.pool()).type() != PoolType.REDIS) {
                out.put(t.name(), t.withDb(0));
                continue;
            }
            if (t.dbSetting().isAuto()) {
                continue;
            }
            int count = dbCounts.computeIfAbsent(t.pool(), p -> databases.applyAsInt(pools.get(p)));
            int db = t.dbSetting().explicit().getAsInt();
            if (db >= count) {
                problem(t, db + " is out of range 0.." + (count - 1) + " (pool '" + t.pool() + "' has " + count
                        + " databases)");
                continue;
            }
            String other = taken.computeIfAbsent(t.pool(), p -> new HashMap<>()).putIfAbsent(db, t.name());
            if (other != null && REPORTED_SHARES.add(t.pool() + "/" + db + "/" + other + "/" + t.name())) {
                log.info("{}: tenants '{}' and '{}' share db {} of pool '{}' (explicit db settings)", root.source(),
                        other, t.name(), db, t.pool());
            }
            out.put(t.name(), t.withDb(db));
        }
        for (TenantConfig t : new TreeMap<>(tenants).values()) {
            if (t.dbSetting().isAuto() && !out.containsKey(t.name())) {
                int count = dbCounts.computeIfAbsent(t.pool(), p -> databases.applyAsInt(pools.get(p)));
                assignAuto(t, count, taken.computeIfAbsent(t.pool(), p -> new HashMap<>()), out);
            }
        }
        Map<String, TenantConfig> ordered = new LinkedHashMap<>();
        tenants.keySet().stream().filter(out::containsKey).forEach(n -> ordered.put(n, out.get(n)));
        return ordered;
    }

    private void assignAuto(TenantConfig t, int count, Map<Integer, String> explicit, Map<String, TenantConfig> out) {
        Map<String, Integer> stored = assignments.pool(t.pool());
        Integer mine = stored.get(t.name());
        if (mine != null) {
            String clash = explicit.get(mine);
            if (clash != null) {
                problem(t, "auto-assigned db " + mine + " of pool '" + t.pool() + "' is now set explicitly for tenant '"
                        + clash + "'");
            } else if (mine >= count) {
                problem(t, "auto-assigned db " + mine + " is out of range 0.." + (count - 1));
            } else {
                out.put(t.name(), t.withDb(mine));
            }
            return;
        }
        BitSet used = new BitSet(count);
        explicit.keySet().forEach(used::set);
        stored.values().forEach(used::set);
        int free = used.nextClearBit(FIRST_AUTO_DB);
        if (free >= count) {
            problem(t, "no free db left on pool '" + t.pool() + "' (" + count + " databases, all taken)");
            return;
        }
        assignments = assignments.with(t.pool(), t.name(), free);
        out.put(t.name(), t.withDb(free));
    }

    private void problem(TenantConfig t, String what) {
        root.problem("tenants." + t.name() + ".db", what);
    }
}
