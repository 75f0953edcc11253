package io.rkproxy.core.local;

import java.util.Locale;
import java.util.Set;

/** Which of Redis's settings a tenant reads on a shared pool, and which the proxy keeps per tenant. */
public final class ConfigSettings {

    /** What a tenant on a shared pool may read: how the data behaves, not where or how the server runs. */
    static final Set<String> READABLE = Set.of("databases", "maxmemory", "maxmemory-policy", "maxmemory-samples",
            "maxmemory-eviction-tenacity", "maxclients", "save", "appendonly", "appendfsync", "timeout",
            "tcp-keepalive", "proto-max-bulk-len", "lua-time-limit", "busy-reply-threshold", "notify-keyspace-events",
            "hash-max-listpack-entries", "hash-max-listpack-value", "hash-max-ziplist-entries",
            "hash-max-ziplist-value", "list-max-listpack-size", "list-max-ziplist-size", "list-compress-depth",
            "set-max-intset-entries", "set-max-listpack-entries", "set-max-listpack-value",
            "zset-max-listpack-entries", "zset-max-listpack-value", "zset-max-ziplist-entries",
            "zset-max-ziplist-value", "hll-sparse-max-bytes", "stream-node-max-bytes", "stream-node-max-entries",
            "active-expire-effort", "lfu-log-factor", "lfu-decay-time", "lazyfree-lazy-eviction",
            "lazyfree-lazy-expire", "lazyfree-lazy-server-del", "lazyfree-lazy-user-del", "lazyfree-lazy-user-flush",
            "hz", "dynamic-hz", "slowlog-log-slower-than", "slowlog-max-len", "latency-tracking",
            "latency-monitor-threshold", "cluster-enabled", "replica-read-only", "slave-read-only", "activedefrag", "io-threads");

    /** The one setting the proxy keeps per tenant: its own slow log's threshold, in microseconds. */
    static final String SLOWLOG_SLOWER_THAN = "slowlog-log-slower-than";

    private ConfigSettings() {
    }

    /** Whether a setting's value says nothing secret: one a shared pool's tenant may read. */
    public static boolean harmless(String name) {
        return READABLE.contains(name.toLowerCase(Locale.ROOT));
    }
}
