package io.rkproxy.core.config;

import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code tenants:}. {@code db} is the resolved backend db: the explicit one, or the stable automatic
 * assignment for {@code db: auto}.
 *
 * @param credentials          the passwords AUTH accepts: more than one while a password is rotated; none only for
 *                             the {@code default} tenant, which then lets clients in without AUTH
 * @param pool                 the Redis pool, or null for a tenant with only a Kafka pool
 * @param maxPinnedConnections backend connections of its own this tenant's sessions may hold at once on one proxy
 *                             node (blocking commands, MULTI, WATCH)
 * @param maxConnections       client connections per proxy node; 0 for no limit
 * @param maxOpsPerSecond      commands per second per proxy node; 0 for no limit
 * @param maxRequestBytes      the largest single request; 0 for no limit beyond the server's
 * @param channelPrefix        prepended to the tenant's pub/sub channel names on the backend, stripped on the way back
 * @param keyPrefix            on a cluster pool, prepended to every key the tenant names and stripped from keys that
 *                             come back; empty on a standalone pool, where the db keeps tenants apart
 * @param flushDb              what FLUSHDB does for a tenant with a key prefix
 * @param kafka                the tenant's queue (a Kafka pool, or Redis Streams in its redis pool) and topic grants,
 *                             if it has one
 * @param admin                may run the PROXY admin commands and USE another pool on its own connection
 * @param tlsIdentities        the client certificates that authenticate as this tenant on the TLS listener
 *                             ({@link TlsIdentities})
 * @param functionQuota        how many function libraries, and how large, FUNCTION LOAD may load for the tenant
 * @param latencyMonitorThresholdMs the tenant's commands at least this slow, in milliseconds, are samples of its
 *                             latency monitor (LATENCY LATEST, HISTORY); 0 for none, as Redis's
 *                             {@code latency-monitor-threshold}
 */
public record TenantConfig(
        String name,
        Credentials credentials,
        String pool,
        DbSetting dbSetting,
        int db,
        boolean readOnly,
        int maxPinnedConnections,
        CommandRules commands,
        int maxConnections,
        int maxOpsPerSecond,
        int maxRequestBytes,
        String channelPrefix,
        String keyPrefix,
        PrefixedFlush flushDb,
        Optional<KafkaAccess> kafka,
        boolean admin,
        List<String> tlsIdentities,
        FunctionQuota functionQuota,
        int latencyMonitorThresholdMs) {

    public static final int DEFAULT_MAX_PINNED_CONNECTIONS = 32;

    /** Channels rkproxy itself publishes on (WAIT's mark); no tenant's channel prefix may reach into them. */
    public static final String PROXY_CHANNELS = "__rkproxy__:";

    /** The tenant that, when configured, serves clients that never send AUTH. */
    public static final String DEFAULT_TENANT = "default";

    public static final int UNRESOLVED_DB = -1;

    /** FLUSHDB for a tenant that shares a cluster: delete its own keys one by one, or refuse. */
    public enum PrefixedFlush {
        SCAN("scan"), REFUSE("refuse");

        private final String key;

        PrefixedFlush(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public boolean isDefault() {
        return DEFAULT_TENANT.equals(name);
    }

    TenantConfig withDb(int resolved) {
        return new TenantConfig(name, credentials, pool, dbSetting, resolved, readOnly, maxPinnedConnections, commands,
                maxConnections, maxOpsPerSecond, maxRequestBytes, channelPrefix, keyPrefix, flushDb, kafka, admin,
                tlsIdentities, functionQuota, latencyMonitorThresholdMs);
    }

    /**
     * This admin tenant on another redis pool, as {@code USE <pool>} gives it: the pool's db 0, with no key prefix,
     * since an operator looks at the pool as a whole.
     */
    public TenantConfig onPool(String otherPool) {
        return new TenantConfig(name, credentials, otherPool, DbSetting.of(0), 0, readOnly, maxPinnedConnections,
                commands, maxConnections, maxOpsPerSecond, maxRequestBytes, channelPrefix, "", flushDb, kafka, admin,
                tlsIdentities, functionQuota, latencyMonitorThresholdMs);
    }

    public boolean hasRedisPool() {
        return pool != null;
    }

    /** Whether the tenant's keys live under a prefix the proxy adds and strips. */
    public boolean hasKeyPrefix() {
        return !keyPrefix.isEmpty();
    }

    /**
     * Reads one entry; {@code poolType} is the type of the pool it names, when that pool exists, since it decides
     * how the tenant is kept apart: by db on a standalone Redis, by key prefix on a cluster.
     */
    static TenantConfig read(String name, ConfigNode node, Optional<PoolType> poolType) {
        Credentials credentials = CredentialsReader.read(name, node);
        String pool = node.string("pool", null);
        Optional<KafkaAccess> kafka = KafkaAccess.read(name, node, pool);
        if (pool == null && kafka.isEmpty()) {
            node.problem("pool", "is required (a redis pool, or 'kafka:' naming a kafka pool, or both)");
        }
        boolean cluster = poolType.orElse(PoolType.REDIS) == PoolType.REDIS_CLUSTER;
        DbSetting db;
        String keyPrefix = "";
        PrefixedFlush flushDb = PrefixedFlush.SCAN;
        if (cluster) {
            if (node.has("db")) {
                node.problem("db", "a tenant on a redis-cluster pool has no db of its own (a cluster has only db 0); "
                        + "its key-prefix keeps it apart");
            }
            db = DbSetting.of(0);
            keyPrefix = node.string("key-prefix", name + ":");
            String flush = node.string("flushdb", PrefixedFlush.SCAN.key());
            flushDb = java.util.Arrays.stream(PrefixedFlush.values()).filter(f -> f.key().equals(flush)).findFirst()
                    .orElseGet(() -> {
                        node.problem("flushdb", "must be 'scan' or 'refuse', got '" + flush + "'");
                        return PrefixedFlush.SCAN;
                    });
        } else {
            for (String key : new String[] {"key-prefix", "flushdb"}) {
                if (node.has(key)) {
                    node.problem(key, "applies to tenants on redis-cluster pools only; on a redis pool the tenant's "
                            + "db keeps it apart");
                }
            }
            db = pool == null ? DbSetting.of(0) : readDb(node);
            if (pool == null && node.has("db")) {
                node.problem("db", "applies only to a tenant with a redis pool");
            }
        }
        boolean readOnly = node.bool("read-only", false);
        int maxPinned = node.integer("max-pinned-connections", DEFAULT_MAX_PINNED_CONNECTIONS, 0, 100_000);
        CommandRules commands = CommandRulesReader.read(node.child("commands"));
        int maxConnections = node.integer("max-connections", 0, 0, Integer.MAX_VALUE);
        int maxOps = node.integer("max-ops-per-second", 0, 0, Integer.MAX_VALUE);
        int maxRequest = node.integer("max-request-bytes", 0, 0, Integer.MAX_VALUE);
        String channelPrefix = node.string("channel-prefix", name + ":");
        if (channelPrefix.isEmpty()) {
            node.problem("channel-prefix", "must not be empty: it keeps tenants' channels apart");
        } else if (channelPrefix.startsWith(PROXY_CHANNELS) || PROXY_CHANNELS.startsWith(channelPrefix)) {
            node.problem("channel-prefix", "'" + channelPrefix + "' overlaps '" + PROXY_CHANNELS
                    + "', the channels rkproxy publishes on itself");
        }
        boolean admin = node.bool("admin", false);
        List<String> tlsIdentities = TlsIdentities.read(node);
        FunctionQuota functionQuota = FunctionQuota.read(node);
        int latencyThreshold = node.integer("latency-monitor-threshold-ms", 0, 0, Integer.MAX_VALUE);
        node.rejectUnknownKeys();
        return new TenantConfig(name, credentials, pool, db, UNRESOLVED_DB, readOnly, maxPinned, commands,
                maxConnections, maxOps, maxRequest, channelPrefix, keyPrefix, flushDb, kafka, admin,
                tlsIdentities, functionQuota, latencyThreshold);
    }

    private static DbSetting readDb(ConfigNode node) {
        Object raw = node.raw("db");
        if (raw == null || "auto".equals(raw)) {
            return DbSetting.AUTO;
        }
        if (raw instanceof Integer i && i >= 0) {
            return DbSetting.of(i);
        }
        node.problem("db", "must be a db index (0 or more) or 'auto', got '" + raw + "'");
        return DbSetting.of(0);
    }
}
