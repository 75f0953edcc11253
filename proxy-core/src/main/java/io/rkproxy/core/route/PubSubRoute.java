package io.rkproxy.core.route;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's pub/sub. Channels are server-wide, so every channel name is put into the tenant's namespace on the
 * way in and taken out of replies; the commands travel as the pool's own user. SUBSCRIBE and its kin move the
 * session into subscribed mode, on a subscriber connection of its own ({@link PubSubSession}).
 */
public final class PubSubRoute {

    private static final Logger log = LoggerFactory.getLogger(PubSubRoute.class);
    private static final Set<String> SUBSCRIBED_MODE_COMMANDS = Set.of("subscribe", "psubscribe", "ssubscribe",
            "unsubscribe", "punsubscribe", "sunsubscribe", "ping");

    private final ClientInfo client;
    private final Replies replies;
    private final LinkSender sender;
    private final Consumer<ByteBuf> pushes;
    private final Consumer<String> closeAfter;
    private PubSubSession subscribed;

    /** @param closeAfter closes the client's connection after the given error, once earlier replies are out */
    public PubSubRoute(ClientInfo client, Replies replies, LinkSender sender, Consumer<ByteBuf> pushes,
                       Consumer<String> closeAfter) {
        this.client = client;
        this.replies = replies;
        this.sender = sender;
        this.pushes = pushes;
        this.closeAfter = closeAfter;
    }

    public boolean subscribed() {
        return subscribed != null;
    }

    /**
     * A command while in subscribed mode, or null when it runs as outside the mode (RESP3 allows any command there,
     * as Redis 7 does). In RESP2 only what Redis allows there runs; everything else gets Redis's error, in order.
     */
    RouteResult routeSubscribed(RespCommand command, LocalCommand local) {
        String name = command.name();
        boolean modeCommand = SUBSCRIBED_MODE_COMMANDS.contains(name);
        if (!modeCommand && subscribed.leaving()) {
            // As in Redis, what follows the last unsubscribe runs outside subscribed mode, once it has ended.
            return RouteResult.WAIT;
        }
        if (modeCommand) {
            if (name.endsWith("subscribe") && !name.contains("un") && command.argCount() < 2) {
                return RouteResult.refuse(RespErrors.wrongArgs(name));
            }
            subscribed.send(command);
            return RouteResult.FORWARDED;
        }
        if (client.protocol() != Protocol.RESP2) {
            return null;
        }
        if (name.equals("quit") || name.equals("reset")) {
            return new RouteResult.Local(local);
        }
        return RouteResult.refuse("ERR Can't execute '" + name + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / "
                + "QUIT / RESET are allowed in this context");
    }

    /** A pub/sub command outside subscribed mode. */
    RouteResult route(RespCommand command, CommandContext ctx) {
        NamePrefix names = new NamePrefix(ctx.tenant().channelPrefix());
        BackendPool pool = ctx.pool();
        switch (command.name()) {
            case "subscribe", "psubscribe", "ssubscribe" -> {
                if (replies.pending() > 0) {
                    return RouteResult.WAIT;
                }
                subscribed = new PubSubSession(client, replies::reserve, pushes, this::ended, names,
                        listener -> pool.subscribe(client.channel().eventLoop(), client.protocol(), listener));
                subscribed.send(command);
            }
            case "unsubscribe", "punsubscribe", "sunsubscribe" -> replies.add(notSubscribed(command));
            case "publish", "spublish" -> {
                if (sender.mustWaitToSwitch(sender.channelLink(pool), replies.pending())) {
                    return RouteResult.WAIT;
                }
                sender.sendOnChannelLink(pool, withChannels(command, names, 1, 2), replies.reserve());
            }
            case "pubsub" -> {
                return introspect(command, pool, names);
            }
            default -> sender.sendOnChannelLink(pool, command.retain(), replies.reserve());
        }
        return RouteResult.FORWARDED;
    }

    /** PUBSUB CHANNELS, NUMSUB and their shard forms see and show only the tenant's own channels. */
    private RouteResult introspect(RespCommand command, BackendPool pool, NamePrefix names) {
        String sub = command.argCount() > 1 ? command.argString(1).toLowerCase(Locale.ROOT) : "";
        switch (sub) {
            case "channels", "shardchannels" -> {
                byte[] pattern = command.argCount() > 2 ? command.argBytes(2) : new byte[] {'*'};
                RespCommand rewritten = RespCommand.of(command.argBytes(0), command.argBytes(1),
                        names.addToPattern(pattern));
                sender.sendOnChannelLink(pool, rewritten, ChannelReplies.stripNames(replies.reserve(), client, names,
                        1));
            }
            case "numsub", "shardnumsub" -> sender.sendOnChannelLink(pool,
                    withChannels(command, names, 2, command.argCount()),
                    ChannelReplies.stripNames(replies.reserve(), client, names, 2));
            case "numpat" -> sender.sendOnChannelLink(pool, command.retain(), replies.reserve());
            default -> {
                return RouteResult.refuse(RespErrors.unknownSubcommand(command));
            }
        }
        return RouteResult.FORWARDED;
    }

    /** An unsubscribe outside subscribed mode: one confirmation per channel named (or one), with count 0. */
    private ByteBuf notSubscribed(RespCommand command) {
        int n = Math.max(1, command.argCount() - 1);
        ByteBuf out = client.alloc().buffer();
        for (int i = 0; i < n; i++) {
            RespValue channelName = command.argCount() > 1 ? new RespValue.Bulk(command.argBytes(i + 1))
                    : RespValue.NULL;
            RespValueEncoder.encodePush(new RespValue.Array(List.of(
                    new RespValue.Bulk(command.name().getBytes(StandardCharsets.US_ASCII)), channelName,
                    new RespValue.Int(0))), out, client.protocol());
        }
        return out;
    }

    /** A copy of {@code command} with arguments {@code from} (inclusive) to {@code to} in the tenant's namespace. */
    private static RespCommand withChannels(RespCommand command, NamePrefix names, int from, int to) {
        return RespCommand.of(channelArgs(command, names, from, to));
    }

    /** The arguments of a PUBLISH or SPUBLISH, its channel in the tenant's namespace. */
    static byte[][] publishArgs(RespCommand publish, CommandContext ctx) {
        return channelArgs(publish, new NamePrefix(ctx.tenant().channelPrefix()), 1, 2);
    }

    private static byte[][] channelArgs(RespCommand command, NamePrefix names, int from, int to) {
        byte[][] args = new byte[command.argCount()][];
        for (int i = 0; i < args.length; i++) {
            byte[] arg = command.argBytes(i);
            args[i] = i >= from && i < to ? names.add(arg) : arg;
        }
        return args;
    }

    /**
     * A lost subscriber connection takes the client's connection with it, as Redis closes a subscriber it drops: the
     * client's subscriptions are gone, and a client left believing it is subscribed would wait for messages forever.
     */
    private void ended(String error) {
        subscribed = null;
        if (error != null) {
            log.info("session {}: subscriber connection lost, closing the client's: {}", client.id(), error);
            closeAfter.accept(error);
        }
    }

    /** Leaves subscribed mode, if the session is in it: the subscriber connection is closed. */
    void close() {
        if (subscribed != null) {
            subscribed.close();
        }
    }
}
