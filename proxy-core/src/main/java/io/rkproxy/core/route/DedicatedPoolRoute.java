package io.rkproxy.core.route;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.command.ConnectionEffect;
import io.rkproxy.core.config.PoolType;
import io.rkproxy.core.resp.RespCommand;
import java.util.Set;

/**
 * The server-wide commands the tenant of a dedicated pool runs on the backend it has to itself, which its backend
 * user may not run: FUNCTION and SCRIPT administration, as they are (no namespace), MEMORY's server reports and
 * DEBUG. They go as the pool's own user: on the pool's own link (on a cluster, FUNCTION LOAD, DELETE, FLUSH and
 * RESTORE and SCRIPT FLUSH to every master), except DEBUG on a standalone pool, which runs on the tenant's link, in
 * its db, since some of its forms name a key. The backend has the last word: Redis 7 takes DEBUG only with
 * {@code enable-debug-command}. Refused inside MULTI, where they would not travel on the transaction's connection.
 */
final class DedicatedPoolRoute {

    static final Set<String> SERVER_WIDE = Set.of("function|load", "function|delete", "function|flush",
            "function|restore", "function|dump", "function|stats", "script|flush", "memory|stats", "memory|doctor",
            "memory|malloc-stats", "memory|purge");

    private final ClientInfo client;
    private final Replies replies;
    private final LinkSender sender;
    private final SessionLinks links;

    DedicatedPoolRoute(ClientInfo client, Replies replies, LinkSender sender, SessionLinks links) {
        this.client = client;
        this.replies = replies;
        this.sender = sender;
        this.links = links;
    }

    static boolean handles(String container, String effective) {
        return SERVER_WIDE.contains(effective) || container.equals("debug");
    }

    RouteResult route(RespCommand command, CommandContext ctx, String effective) {
        if (links.inTransaction()) {
            return RouteResult.refuse(RespErrors.notInTransaction(effective));
        }
        boolean inDb = command.name().equals("debug") && ctx.pool().config().type() == PoolType.REDIS;
        BackendLink target = inDb ? links.current(ctx.tenant(), ctx.pool(), client.protocol())
                : sender.channelLink(ctx.pool());
        if (sender.mustWaitToSwitch(target, replies.pending())) {
            return RouteResult.WAIT;
        }
        if (inDb) {
            sender.send(target, command.retain(), ConnectionEffect.NONE, replies.reserve(), true);
        } else {
            sender.sendAsPoolUser(target, command.retain(), replies.reserve());
        }
        return RouteResult.FORWARDED;
    }
}
