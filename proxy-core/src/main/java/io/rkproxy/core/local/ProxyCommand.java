package io.rkproxy.core.local;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.admin.TenantView;
import io.rkproxy.core.backend.KafkaTenantFigures;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.reload.ConfigLoadStatus;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * {@code PROXY RELOAD|NODES|POOLS|TENANTS|STATS [tenant]|SLOWLOG [n]|HOTKEYS|BIGKEYS [tenant [n]]|CONFIG|KILL TENANT
 * <name> [STALE]}: the console over RESP, for tenants with {@code admin: true}. Everyone else gets NOPERM.
 */
final class ProxyCommand implements LocalCommand {

    private static final int DEFAULT_SLOWLOG_ENTRIES = 10;
    static final String BAD_COUNT = "ERR value is out of range, must be positive";
    private static final String USAGE = "ERR unknown subcommand or wrong number of arguments for 'proxy'. Try "
            + "PROXY RELOAD|NODES|POOLS|TENANTS|STATS [tenant]|SLOWLOG [n]|HOTKEYS|BIGKEYS [tenant [n]]|CONFIG"
            + "|KILL TENANT <name> [STALE]";

    @Override
    public boolean refuses(CommandContext ctx, RespCommand command) {
        return !ctx.tenant().admin();
    }

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        if (session.refusedUnlessAdmin(ctx, command)) {
            return;
        }
        ProxyAdmin admin = session.admin();
        if (admin == null || command.argCount() < 2) {
            session.replyError(admin == null ? "ERR the admin commands are not ready yet" : USAGE);
            return;
        }
        String sub = command.argString(1).toLowerCase(Locale.ROOT);
        int args = command.argCount() - 2;
        switch (sub) {
            case "reload" -> {
                if (args == 0) {
                    reload(session, admin);
                    return;
                }
            }
            case "nodes" -> {
                if (args == 0) {
                    reply(session, AdminReplies.list(admin.nodes(), AdminReplies::node));
                    return;
                }
            }
            case "pools" -> {
                if (args == 0) {
                    reply(session, AdminReplies.list(admin.pools(), AdminReplies::pool));
                    return;
                }
            }
            case "tenants" -> {
                if (args == 0) {
                    reply(session, AdminReplies.list(admin.tenants(), AdminReplies::tenant));
                    return;
                }
            }
            case "stats" -> {
                if (args <= 1) {
                    stats(session, admin, args == 0 ? admin.tenants() : admin.tenant(command.argString(2))
                            .map(List::of).orElse(null), args == 0 ? null : command.argString(2));
                    return;
                }
            }
            case "slowlog" -> {
                if (args <= 1) {
                    slowlog(session, admin, command);
                    return;
                }
            }
            case "hotkeys", "bigkeys" -> {
                if (args <= 2) {
                    ProxyKeys.reply(session, admin, command, sub.equals("hotkeys"));
                    return;
                }
            }
            case "config" -> {
                if (args == 0) {
                    reply(session, new AdminReplies.Fields().put("source", admin.configSource())
                            .put("last-load", AdminReplies.load(admin.lastLoad()))
                            .put("last-accepted", AdminReplies.load(admin.lastAccepted())).build());
                    return;
                }
            }
            case "kill" -> {
                if ((args == 2 || args == 3 && command.argEqualsIgnoreCase(4, "stale"))
                        && command.argEqualsIgnoreCase(2, "tenant")) {
                    kill(session, admin, command.argString(3), args == 3);
                    return;
                }
            }
            default -> {
            }
        }
        session.replyError(USAGE);
    }

    /**
     * {@code PROXY KILL TENANT <name> [STALE]}: closes the tenant's sessions on this node, the caller's own excepted,
     * as Redis's {@code CLIENT KILL USER} does; with STALE only those whose password or certificate no longer
     * admits them to the tenant. Replies with how many.
     */
    private static void kill(LocalContext session, ProxyAdmin admin, String tenant, boolean stale) {
        OptionalInt killed = admin.killSessions(tenant, stale, session.id());
        if (killed.isEmpty()) {
            session.replyError("ERR no tenant named '" + tenant + "'");
        } else {
            session.reply(RespReplies.integer(session.alloc(), killed.getAsInt()));
        }
    }

    private static void stats(LocalContext session, ProxyAdmin admin, List<TenantView> tenants, String named) {
        if (tenants == null) {
            session.replyError("ERR no tenant named '" + named + "'");
            return;
        }
        Map<String, Map<String, KafkaTenantFigures>> queueFigures = session.runtime().queueFigures();
        reply(session, AdminReplies.list(tenants, t -> {
            TenantMeters meters = session.runtime().meters().meters(t.name());
            Map<String, KafkaTenantFigures> kafka = new TreeMap<>();
            queueFigures.forEach((pool, byTenant) -> {
                KafkaTenantFigures figures = byTenant.get(t.name());
                if (figures != null) {
                    kafka.put(pool, figures);
                }
            });
            return AdminReplies.tenantStats(t, meters.commandsByName(), meters.errorsByKind(), kafka);
        }));
    }

    private static void slowlog(LocalContext session, ProxyAdmin admin, RespCommand command) {
        int n = count(command, 2, DEFAULT_SLOWLOG_ENTRIES);
        if (n < 0) {
            session.replyError(BAD_COUNT);
            return;
        }
        reply(session, AdminReplies.list(admin.slowlog(n), AdminReplies::slowlogEntry));
    }

    /** The count argument at {@code index}, {@code otherwise} when there is none, -1 when it is not a count. */
    static int count(RespCommand command, int index, int otherwise) {
        if (command.argCount() <= index) {
            return otherwise;
        }
        try {
            return Math.max(-1, Integer.parseInt(command.argString(index)));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void reload(LocalContext session, ProxyAdmin admin) {
        ReplyCallback slot = session.reserve();
        // reading the config source may block: the reloader's own thread does it
        admin.reloadAsync("PROXY RELOAD").whenComplete((load, error) ->
                session.loop().execute(() -> {
                    if (error != null) {
                        slot.onError("ERR reload failed: " + error.getMessage());
                    } else if (load.accepted()) {
                        slot.onReply(encode(session, AdminReplies.load(load)));
                    } else {
                        slot.onError(rejected(load));
                    }
                }));
    }

    private static String rejected(ConfigLoadStatus load) {
        return "ERR config rejected, the last good config keeps serving: "
                + String.join("; ", load.problems()).replace('\r', ' ').replace('\n', ' ');
    }

    static void reply(LocalContext session, RespValue value) {
        session.reply(encode(session, value));
    }

    private static ByteBuf encode(LocalContext session, RespValue value) {
        return RespValueEncoder.encode(value, session.alloc().buffer(), session.protocol());
    }
}
