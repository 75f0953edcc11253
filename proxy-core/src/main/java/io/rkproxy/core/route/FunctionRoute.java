package io.rkproxy.core.route;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.command.CommandRewrite;
import io.rkproxy.core.config.FunctionQuota;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.runtime.TenantFunctions;
import java.util.Set;

/**
 * FUNCTION LOAD, DELETE, LIST, FLUSH and STATS of a tenant on a shared pool, each put into the tenant's namespace
 * ({@link TenantFunctions}) and sent as the pool's own user, which alone may change libraries: on a cluster to every
 * master, since a function must be wherever its keys land. Refused inside MULTI, as they do not travel on the
 * transaction's connection.
 */
final class FunctionRoute {

    static final Set<String> NAMESPACED = Set.of("function|load", "function|delete", "function|list",
            "function|flush", "function|stats");

    private final ClientInfo client;
    private final Replies replies;
    private final LinkSender sender;
    private final SessionLinks links;

    FunctionRoute(ClientInfo client, Replies replies, LinkSender sender, SessionLinks links) {
        this.client = client;
        this.replies = replies;
        this.sender = sender;
        this.links = links;
    }

    /** @param name the resolved subcommand, one of {@link #NAMESPACED} */
    RouteResult route(RespCommand command, CommandContext ctx, String name, TenantFunctions functions) {
        if (links.inTransaction()) {
            return RouteResult.refuse(RespErrors.notInTransaction(name));
        }
        if (name.equals("function|flush") && !validFlush(command)) {
            return RouteResult.refuse(command.argCount() > 3
                    ? "ERR unknown subcommand or wrong number of arguments for 'flush'. Try FUNCTION HELP."
                    : "ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        }
        BackendLink link = sender.channelLink(ctx.pool());
        if (sender.mustWaitToSwitch(link, replies.pending())) {
            return RouteResult.WAIT;
        }
        switch (name) {
            case "function|load" -> {
                FunctionQuota quota = ctx.tenant().functionQuota();
                if (command.arg(command.argCount() - 1).readableBytes() > quota.maxBytes()) {
                    return RouteResult.refuse(quota.tooLarge(ctx.tenant().name()));
                }
                CommandRewrite load = functions.load(command);
                if (load.error().isPresent()) {
                    return RouteResult.refuse(load.error().get());
                }
                FunctionLoad.run(sender, link, functions, quota, load.command(), replies.reserve(), client);
            }
            case "function|delete" -> sender.sendAsPoolUser(link, functions.delete(command),
                    FunctionReplies.errors(replies.reserve(), client, functions));
            case "function|list" -> sender.sendAsPoolUser(link, functions.list(command),
                    FunctionReplies.mapped(replies.reserve(), client, functions, functions::listed));
            case "function|stats" -> FunctionStats.run(sender, link, functions, replies.reserve(), client);
            default -> FunctionFlush.run(sender, link, functions, replies.reserve());
        }
        return RouteResult.FORWARDED;
    }

    private static boolean validFlush(RespCommand command) {
        return command.argCount() == 2 || command.argCount() == 3
                && (command.argEqualsIgnoreCase(2, "async") || command.argEqualsIgnoreCase(2, "sync"));
    }
}
