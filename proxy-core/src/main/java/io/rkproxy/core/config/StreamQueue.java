package io.rkproxy.core.config;

import java.util.Optional;

/**
 * A tenant's {@code queue:} block: its topics live in Redis Streams on its own redis pool instead of in Kafka. Each
 * topic is {@code partitions} stream keys {@code <topic>:<partition>} in the tenant's keyspace (its db, or under its
 * key prefix on a cluster, so that partitions spread over the masters).
 *
 * @param pool                the tenant's own redis or redis-cluster pool
 * @param partitions          stream keys per topic, 1..1024
 * @param maxlen              each stream is trimmed to about this many entries ({@code XADD MAXLEN ~})
 * @param visibilityTimeoutMs how long an entry a KPOP took may stay unacknowledged (its proxy died) before another
 *                            KPOP reclaims it
 */
public record StreamQueue(String pool, int partitions, long maxlen, long visibilityTimeoutMs) {

    public static final int MAX_PARTITIONS = 1024;
    static final int DEFAULT_MAXLEN = 1_000_000;
    static final int DEFAULT_VISIBILITY_TIMEOUT_MS = 30_000;

    /** Reads {@code queue:} of a tenant entry whose redis pool is {@code tenantPool} (null without one). */
    static Optional<StreamQueue> read(ConfigNode tenant, String tenantPool) {
        if (!tenant.has("queue")) {
            return Optional.empty();
        }
        ConfigNode node = tenant.child("queue");
        String pool = node.string("pool", tenantPool);
        if (tenantPool == null) {
            tenant.problem("queue", "needs the tenant's own redis pool ('pool:'): the streams live in its keyspace");
        } else if (!tenantPool.equals(pool)) {
            node.problem("pool", "must be the tenant's own pool '" + tenantPool + "': the streams live in its "
                    + "keyspace, got '" + pool + "'");
        }
        int partitions = node.integer("partitions", 1, 1, MAX_PARTITIONS);
        int maxlen = node.integer("maxlen", DEFAULT_MAXLEN, 1, Integer.MAX_VALUE);
        int visibility = node.integer("visibility-timeout-ms", DEFAULT_VISIBILITY_TIMEOUT_MS, 1, Integer.MAX_VALUE);
        node.rejectUnknownKeys();
        return Optional.of(new StreamQueue(pool, partitions, maxlen, visibility));
    }
}
