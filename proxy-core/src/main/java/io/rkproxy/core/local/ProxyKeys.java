package io.rkproxy.core.local;

import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.admin.TenantView;
import io.rkproxy.core.metrics.BigKey;
import io.rkproxy.core.metrics.HotKey;
import io.rkproxy.core.metrics.TenantKeys;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.route.LocalContext;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code PROXY HOTKEYS [tenant [n]]} and {@code PROXY BIGKEYS [tenant [n]]}: each tenant's hottest or biggest keys on
 * this node, {@value #DEFAULT_KEYS} unless told, for every tenant in force or the one named.
 */
final class ProxyKeys {

    private static final int DEFAULT_KEYS = 10;

    private ProxyKeys() {
    }

    /** Replies to {@code PROXY HOTKEYS|BIGKEYS ...}, whose arguments after the subcommand are at most two. */
    static void reply(LocalContext session, ProxyAdmin admin, RespCommand command, boolean hot) {
        List<String> tenants;
        if (command.argCount() == 2) {
            tenants = admin.tenants().stream().map(TenantView::name).toList();
        } else if (admin.tenant(command.argString(2)).isPresent()) {
            tenants = List.of(command.argString(2));
        } else {
            session.replyError("ERR no tenant named '" + command.argString(2) + "'");
            return;
        }
        int n = ProxyCommand.count(command, 3, DEFAULT_KEYS);
        if (n < 0) {
            session.replyError(ProxyCommand.BAD_COUNT);
            return;
        }
        BiFunction<String, TenantKeys, RespValue> view = hot ? (t, k) -> hot(t, k, n) : (t, k) -> big(t, k, n);
        ProxyCommand.reply(session, AdminReplies.list(tenants,
                t -> view.apply(t, session.runtime().meters().meters(t).keys())));
    }

    private static AdminReplies.Fields window(String tenant, TenantKeys keys) {
        return new AdminReplies.Fields().put("tenant", tenant).put("window-s", keys.windowSeconds())
                .put("span-s", Math.round(keys.spanSeconds()));
    }

    private static RespValue hot(String tenant, TenantKeys keys, int n) {
        return window(tenant, keys).put("sample-rate", keys.sampleRate())
                .put("keys", AdminReplies.list(keys.hot(n), ProxyKeys::hotKey)).build();
    }

    private static RespValue hotKey(HotKey k) {
        return new AdminReplies.Fields().put("key", k.key()).put("ops", k.ops())
                .put("ops-per-second", Math.round(k.opsPerSecond())).build();
    }

    private static RespValue big(String tenant, TenantKeys keys, int n) {
        return window(tenant, keys).put("keys", AdminReplies.list(keys.big(n), ProxyKeys::bigKey)).build();
    }

    private static RespValue bigKey(BigKey k) {
        return new AdminReplies.Fields().put("key", k.key()).put("command", k.command()).put("bytes", k.bytes())
                .put("seen", k.seen()).build();
    }
}
