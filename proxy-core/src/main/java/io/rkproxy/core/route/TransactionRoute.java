package io.rkproxy.core.route;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.ConnectionEffect;
import io.rkproxy.core.resp.RespCommand;
import java.util.Set;

/**
 * What the router does for a session's transaction beyond the backend's own queueing: PUBLISH queued as a PING and
 * published at EXEC, EXEC after a refused queued command turned into DISCARD, and EXEC's reply given what each
 * queued command's reply is owed ({@link QueuedReplies}). Used only from the session's event loop.
 */
final class TransactionRoute {

    private static final Set<String> PUBLISHES = Set.of("publish", "spublish");

    private final ClientInfo client;
    private final Replies replies;
    private final LinkSender sender;
    private final SessionLinks links;
    private final QueuedReplies queuedReplies = new QueuedReplies();

    TransactionRoute(ClientInfo client, Replies replies, LinkSender sender, SessionLinks links) {
        this.client = client;
        this.replies = replies;
        this.sender = sender;
        this.links = links;
    }

    /** Whether {@code effective} is a PUBLISH or SPUBLISH inside MULTI, for {@link #queuePublish}. */
    boolean queuesPublish(String effective) {
        return links.inTransaction() && PUBLISHES.contains(effective);
    }

    /**
     * PUBLISH or SPUBLISH inside MULTI: a PING is queued in its place on the transaction's connection, and EXEC
     * publishes it as the pool's user ({@link QueuedReplies}), since the tenant's backend user may not publish. The
     * proxy holds the messages until then, at most a connection's soft output bound of them.
     */
    RouteResult queuePublish(RespCommand publish, CommandContext ctx) {
        long maxBytes = ctx.snapshot().config().server().clientOutput().softBytes();
        if (!queuedReplies.queuedPublish(PubSubRoute.publishArgs(publish, ctx), maxBytes)) {
            return RouteResult.refuse(RespErrors.queuedPublishesTooLarge(maxBytes));
        }
        sender.send(links.current(ctx.tenant(), ctx.pool(), client.protocol()), RespCommand.of("PING"),
                ConnectionEffect.NONE, replies.reserve(), false);
        return RouteResult.FORWARDED;
    }

    /** A command queued inside MULTI whose reply takes its place in EXEC's as it is. */
    void queuedAsIs() {
        queuedReplies.queued(null);
    }

    /**
     * EXEC after the proxy refused a queued command: the backend's MULTI is discarded and the client told why. Null
     * for any other command.
     */
    RouteResult abortIfDoomed(RespCommand command, ConnectionEffect effect, BackendLink target) {
        if (effect != ConnectionEffect.ENDS_TRANSACTION || !links.transactionFailed()
                || !command.name().equals("exec")) {
            return null;
        }
        sender.send(target, RespCommand.of("DISCARD"), ConnectionEffect.ENDS_TRANSACTION, ReplyCallback.DISCARD,
                false);
        return RouteResult.refuse(RespErrors.EXECABORT);
    }

    /** Whether a command's reply is the transaction's to settle: MULTI, EXEC, DISCARD and all queued commands. */
    boolean settles(ConnectionEffect effect) {
        return effect == ConnectionEffect.STARTS_TRANSACTION || effect == ConnectionEffect.ENDS_TRANSACTION
                || links.inTransaction();
    }

    /**
     * The slot of a command that {@link #settles}, with what its reply is owed: inside MULTI, a place in EXEC's reply;
     * for EXEC, the queued commands' dues. A MULTI inside MULTI is no command of the transaction: Redis answers it
     * with an error and queues nothing.
     */
    ReplyCallback owed(RespCommand command, CommandContext ctx, ConnectionEffect effect, KeyPrefix keys,
                       ReplyCallback slot) {
        if (effect == ConnectionEffect.STARTS_TRANSACTION) {
            if (!links.inTransaction()) {
                queuedReplies.clear();
            }
        } else if (effect == ConnectionEffect.ENDS_TRANSACTION) {
            if (command.name().equals("exec")) {
                return queuedReplies.exec(slot, client,
                        (publish, callback) -> sender.channelLink(ctx.pool()).send(publish, callback));
            }
            queuedReplies.clear();
        } else {
            queuedReplies.queued(keys == null ? null : keys.replyStripper(command));
        }
        return slot;
    }
}
