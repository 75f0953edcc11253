package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.RewritingCallback;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
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
import java.util.regex.Pattern;

/**
 * {@code CONFIG} as a tenant sees it. GET answers, from the backend, the settings a client or tool reads to learn
 * how the server behaves (redis-benchmark, RedisInsight, framework start-up probes), with the values the tenant lives
 * under: {@code databases} is 1, since the tenant has one; {@code proto-max-bulk-len} is the proxy's limit and
 * {@code maxclients} the tenant's {@code max-connections} when it has one; {@code cluster-enabled} is no, since the
 * tenant sees one server even on a cluster pool; on a shared pool {@code latency-monitor-threshold} is the tenant's
 * {@code latency-monitor-threshold-ms}, which its LATENCY answers from. The
 * server's files, network, security and replication settings are left out, as Redis leaves out what matches nothing.
 * SET, REWRITE and RESETSTAT change what every tenant of the backend lives under: only the tenant of a dedicated pool
 * may run them, and it also reads every setting. The exception is {@code slowlog-log-slower-than}: the tenant's
 * SLOWLOG is the proxy's ring of its own commands, so every tenant sets and reads its own threshold, which the backend
 * never sees on a shared pool. A dedicated pool's CONFIG SET goes to the backend, and once it succeeded the proxy
 * takes the tenant's threshold from it.
 */
final class ConfigCommand implements LocalCommand {

    private static final Set<String> SERVER_CHANGES = Set.of("set", "rewrite", "resetstat");
    private static final Pattern REDIS_INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

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
        } else if (sub.equals("set") && (command.argCount() < 4 || command.argCount() % 2 != 0)) {
            session.replyError(RespErrors.wrongArgs("config|set"));
        } else if (sub.equals("set") && dedicated) {
            List<String> own = ownValues(command);
            session.forwardAsPoolUser(ctx, command.retain(), new RewritingCallback(session.reserve(), session,
                    reply -> {
                        if (!(reply instanceof RespValue.Error) && !own.isEmpty()) {
                            slowerThan(session, ctx, Long.parseLong(own.get(own.size() - 1)));
                        }
                        return reply;
                    }));
        } else if (sub.equals("set") && ownSettingsOnly(command)) {
            setOwn(session, ctx, command);
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
                && SERVER_CHANGES.contains(command.argString(1).toLowerCase(Locale.ROOT))
                && !(command.argCount() >= 4 && ownSettingsOnly(command));
    }

    /** Whether {@code CONFIG SET name value ...} names only settings the proxy keeps per tenant. */
    private static boolean ownSettingsOnly(RespCommand command) {
        for (int i = 2; i < command.argCount(); i += 2) {
            if (!command.argEqualsIgnoreCase(i, ConfigSettings.SLOWLOG_SLOWER_THAN)) {
                return false;
            }
        }
        return true;
    }

    /** The values CONFIG SET gives the tenant's own threshold, in order; the backend checks them. */
    private static List<String> ownValues(RespCommand command) {
        List<String> values = new ArrayList<>();
        for (int i = 2; i + 1 < command.argCount(); i += 2) {
            if (command.argEqualsIgnoreCase(i, ConfigSettings.SLOWLOG_SLOWER_THAN)) {
                values.add(command.argString(i + 1));
            }
        }
        return values;
    }

    /** CONFIG SET of the tenant's own settings only: checked as Redis checks them, kept by the proxy. */
    private static void setOwn(LocalContext session, CommandContext ctx, RespCommand command) {
        if (command.argCount() % 2 != 0) {
            session.replyError(RespErrors.syntax());
            return;
        }
        long micros = 0;
        for (int i = 3; i < command.argCount(); i += 2) {
            String failed = "ERR CONFIG SET failed (possibly related to argument '" + command.argString(i - 1)
                    + "') - ";
            if (i > 3) {
                session.replyError(failed + "duplicate parameter");
                return;
            }
            Long value = redisInteger(command.argString(i));
            if (value == null) {
                session.replyError(failed + "argument couldn't be parsed into an integer");
                return;
            }
            micros = value;
            if (micros < -1) {
                session.replyError(failed + "argument must be between -1 and " + Long.MAX_VALUE + " inclusive");
                return;
            }
        }
        slowerThan(session, ctx, micros);
        session.reply(RespReplies.ok());
    }

    /** {@code text} as Redis's string2ll reads an integer (no sign but '-', no leading zero), or null. */
    private static Long redisInteger(String text) {
        if (!REDIS_INTEGER.matcher(text).matches()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null; // past a long
        }
    }

    private static void slowerThan(LocalContext session, CommandContext ctx, long micros) {
        session.runtime().slowLog().setSlowerThanMicros(ctx.tenant().name(), micros);
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
        tenantValues.put(ConfigSettings.SLOWLOG_SLOWER_THAN,
                Long.toString(session.runtime().slowLog().slowerThanMicros(ctx.tenant().name())));
        tenantValues.put("slowlog-max-len", Integer.toString(session.runtime().server().slowlogMaxLen()));
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
            if (!dedicated && !ConfigSettings.READABLE.contains(name)) {
                continue;
            }
            String fixed = tenantValues.get(name);
            out.add(settings.get(i));
            out.add(fixed == null ? settings.get(i + 1) : new RespValue.Bulk(fixed.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }
}
