package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.RewritingCallback;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code CONFIG} as a tenant sees it. GET answers, from the backend, the settings a client or tool reads to learn
 * how the server behaves (redis-benchmark, RedisInsight, framework start-up probes), with the values the tenant lives
 * under: {@code databases} is 1, since the tenant has one; {@code proto-max-bulk-len} is the proxy's limit and
 * {@code maxclients} the tenant's {@code max-connections} when it has one; {@code cluster-enabled} is no, since the
 * tenant sees one server even on a cluster pool; on a shared pool {@code latency-monitor-threshold} is the tenant's
 * {@code latency-monitor-threshold-ms}, which its LATENCY answers from. The
 * server's files, network, security and replication settings are left out, as Redis leaves out what matches nothing.
 * SET, REWRITE and RESETSTAT change what every tenant of the backend lives under: only the tenant of a dedicated pool
 * may run them, and it also reads every setting.
 */
final class ConfigCommand implements LocalCommand {

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
            "latency-monitor-threshold",
            "cluster-enabled", "replica-read-only", "slave-read-only", "activedefrag", "io-threads");

    private static final Set<String> SERVER_CHANGES = Set.of("set", "rewrite", "resetstat");

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        if (command.argCount() < 2) {
            session.replyError(RespErrors.wrongArgs("config"));
            return;
        }
        String sub = command.argString(1).toLowerCase(Locale.ROOT);
        boolean dedicated = ctx.dedicatedPool();
        if (sub.equals("get")) {
            get(session, ctx, command, dedicated);
        } else if (sub.equals("help") || dedicated && SERVER_CHANGES.contains(sub)) {
            session.forwardAsPoolUser(ctx, command.retain(), session.reserve());
        } else if (SERVER_CHANGES.contains(sub)) {
            session.refuse(Refusal.NO_PERMISSION, RespErrors.noPermission("config|" + sub) + ": it changes the"
                    + " backend that every tenant of pool '" + ctx.tenant().pool() + "' shares; only the tenant of a"
                    + " dedicated pool (dedicated: true) may run it");
        } else {
            session.replyError(RespErrors.unknownSubcommand(command));
        }
    }

    @Override
    public boolean refuses(CommandContext ctx, RespCommand command) {
        return !ctx.dedicatedPool() && command.argCount() >= 2
                && SERVER_CHANGES.contains(command.argString(1).toLowerCase(Locale.ROOT));
    }

    private static void get(LocalContext session, CommandContext ctx, RespCommand command, boolean dedicated) {
        if (command.argCount() < 3) {
            session.replyError(RespErrors.wrongArgs("config|get"));
            return;
        }
        Map<String, String> tenantValues = new HashMap<>(Map.of("databases", "1", "cluster-enabled", "no",
                "proto-max-bulk-len", Integer.toString(session.runtime().server().maxBulkBytes())));
        if (!dedicated) {
            tenantValues.put("latency-monitor-threshold",
                    Integer.toString(ctx.tenant().latencyMonitorThresholdMs()));
        }
        if (ctx.tenant().maxConnections() > 0) {
            tenantValues.put("maxclients", Integer.toString(ctx.tenant().maxConnections()));
        }
        session.forwardAsPoolUser(ctx, command.retain(), new RewritingCallback(session.reserve(), session,
                settings -> settings instanceof RespValue.Error ? settings
                        : settings.withItems(visible(settings.items(), dedicated, tenantValues))));
    }

    /**
     * The name and value pairs of {@code settings} the tenant may read, with {@code tenantValues} in place of the
     * backend's.
     */
    static List<RespValue> visible(List<RespValue> settings, boolean dedicated, Map<String, String> tenantValues) {
        List<RespValue> out = new ArrayList<>(settings.size());
        for (int i = 0; i + 1 < settings.size(); i += 2) {
            String name = settings.get(i).asText();
            if (!dedicated && !READABLE.contains(name)) {
                continue;
            }
            String fixed = tenantValues.get(name);
            out.add(settings.get(i));
            out.add(fixed == null ? settings.get(i + 1) : new RespValue.Bulk(fixed.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }
}
