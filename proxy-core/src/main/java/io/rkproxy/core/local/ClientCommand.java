package io.rkproxy.core.local;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.ClientReply;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import io.rkproxy.core.runtime.ClientView;
import io.rkproxy.core.runtime.TenantPauses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code CLIENT}, answered from the proxy's own view of its connections; the backend's connections are shared and
 * never exposed. LIST, INFO, KILL and UNBLOCK see only the connections of the caller's tenant on this proxy node, and
 * PAUSE and UNPAUSE hold and release only them.
 */
final class ClientCommand implements LocalCommand {

    @Override
    public boolean waitsForEarlierReplies(LocalContext session, RespCommand command) {
        return session.tracking().wouldPin(command);
    }

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        if (command.argCount() < 2) {
            session.replyError(RespErrors.wrongArgs("client"));
            return;
        }
        String sub = command.argString(1).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "setname" -> setName(session, command);
            case "getname" -> session.reply(session.clientName() == null
                    ? RespReplies.nil(session.protocol()) : RespReplies.bulk(session.alloc(), session.clientName()));
            case "id" -> session.reply(RespReplies.integer(session.alloc(), session.id()));
            case "setinfo" -> setInfo(session, command);
            case "info" -> session.reply(RespReplies.bulk(session.alloc(), session.describe() + "\n"));
            case "list" -> list(session, ctx, command);
            case "kill" -> kill(session, ctx, command);
            case "tracking" -> session.tracking().execute(command, ctx, session.reserve(),
                    (tracked, slot) -> session.forward(ctx, tracked, slot));
            case "caching", "trackinginfo" -> {
                if (session.tracking().active()) {
                    session.forward(ctx, command.retain(), session.reserve());
                } else if (sub.equals("caching")) {
                    session.replyError("ERR CLIENT CACHING can be called only when the client is in tracking mode "
                            + "with OPTIN or OPTOUT mode enabled");
                } else {
                    session.forward(ctx, command.retain(), session.reserve());
                }
            }
            case "getredir" -> session.reply(RespReplies.integer(session.alloc(),
                    session.tracking().active() ? 0 : -1));
            case "reply" -> reply(session, command);
            case "help" -> session.forwardAsPoolUser(ctx, command.retain(), session.reserve());
            case "unblock" -> unblock(session, ctx, command);
            case "pause" -> pause(session, ctx, command);
            case "unpause" -> {
                if (command.argCount() == 2) {
                    session.runtime().pauses().unpause(ctx.tenant().name());
                    session.reply(RespReplies.ok());
                } else {
                    session.replyError(RespErrors.wrongArgs("client|unpause"));
                }
            }
            case "no-evict" -> noEvict(session, command);
            case "no-touch" ->
                    session.replyError(RespErrors.notSupported("client|" + sub, "not available through this proxy"));
            default -> session.replyError(RespErrors.unknownSubcommand(command));
        }
    }

    /**
     * {@code CLIENT PAUSE timeout [WRITE|ALL]}: the proxy holds the commands of the caller's tenant on this node, the
     * caller's own included, as Redis holds every client's; the backend, which other tenants share, is not paused.
     */
    private static void pause(LocalContext session, CommandContext ctx, RespCommand command) {
        if (command.argCount() != 3 && command.argCount() != 4) {
            session.replyError(RespErrors.wrongArgs("client|pause"));
            return;
        }
        // Redis checks the mode before the timeout
        TenantPauses.Mode mode = TenantPauses.Mode.ALL;
        if (command.argCount() == 4) {
            if (command.argEqualsIgnoreCase(3, "write")) {
                mode = TenantPauses.Mode.WRITE;
            } else if (!command.argEqualsIgnoreCase(3, "all")) {
                session.replyError("ERR CLIENT PAUSE mode must be WRITE or ALL");
                return;
            }
        }
        long millis;
        try {
            millis = Long.parseLong(command.argString(2));
        } catch (NumberFormatException e) {
            session.replyError("ERR timeout is not an integer or out of range");
            return;
        }
        if (millis < 0) {
            session.replyError("ERR timeout is negative");
            return;
        }
        String tenant = ctx.tenant().name();
        session.runtime().pauses().pause(tenant, millis, mode, session.loop());
        if (session.runtime().snapshot().tenant(tenant).isEmpty()) {
            // a reload removed the tenant meanwhile, after ending its pauses: this one must not wait for a namesake
            session.runtime().pauses().unpause(tenant);
        }
        session.reply(RespReplies.ok());
    }

    /** {@code CLIENT LIST [TYPE type] [ID id ...]}. */
    private static void list(LocalContext session, CommandContext ctx, RespCommand command) {
        Predicate<ClientView> filter = s -> true;
        if (command.argCount() >= 4 && command.argEqualsIgnoreCase(2, "type")) {
            boolean normal = command.argEqualsIgnoreCase(3, "normal");
            filter = s -> normal;
        } else if (command.argCount() >= 4 && command.argEqualsIgnoreCase(2, "id")) {
            Set<Long> ids = new HashSet<>();
            for (int i = 3; i < command.argCount(); i++) {
                try {
                    ids.add(Long.parseLong(command.argString(i)));
                } catch (NumberFormatException e) {
                    session.replyError("ERR Invalid client ID");
                    return;
                }
            }
            filter = s -> ids.contains(s.id());
        } else if (command.argCount() != 2) {
            session.replyError(RespErrors.syntax());
            return;
        }
        StringBuilder out = new StringBuilder();
        for (ClientView s : sameTenant(session, ctx)) {
            if (filter.test(s)) {
                out.append(s.describe()).append('\n');
            }
        }
        session.reply(RespReplies.bulk(session.alloc(), out.toString()));
    }

    /** {@code CLIENT KILL ip:port} (+OK or no such client) or {@code CLIENT KILL <filter> <value> ...} (a count). */
    private static void kill(LocalContext session, CommandContext ctx, RespCommand command) {
        if (command.argCount() == 3) {
            String addr = command.argString(2);
            for (ClientView s : sameTenant(session, ctx)) {
                if (ClientInfoLine.address(s.channel().remoteAddress()).equals(addr)) {
                    close(session, List.of(s), RespReplies.ok());
                    return;
                }
            }
            session.replyError("ERR No such client");
            return;
        }
        Optional<Predicate<ClientView>> filter = ClientKillFilter.parse(command, session.id(),
                session.runtime().nanoTime());
        if (filter.isEmpty()) {
            session.replyError(RespErrors.syntax());
            return;
        }
        List<ClientView> victims = new ArrayList<>();
        for (ClientView s : sameTenant(session, ctx)) {
            if (filter.get().test(s)) {
                victims.add(s);
            }
        }
        close(session, victims, RespReplies.integer(session.alloc(), victims.size()));
    }

    /** As Redis: a client that kills itself (SKIPME no, or its own address) still gets the reply, then is closed. */
    private static void close(LocalContext session, List<ClientView> victims, ByteBuf reply) {
        boolean self = false;
        for (ClientView victim : victims) {
            if (victim.id() == session.id()) {
                self = true;
            } else {
                victim.channel().close();
            }
        }
        if (self) {
            session.closeAfter(reply);
        } else {
            session.reply(reply);
        }
    }

    /**
     * {@code CLIENT UNBLOCK id [TIMEOUT|ERROR]}: the backend unblocks the session's pinned connection, and says whether
     * it was blocked. Another tenant's id is answered 0, as an id nobody has.
     */
    private static void unblock(LocalContext session, CommandContext ctx, RespCommand command) {
        if (command.argCount() != 3 && command.argCount() != 4) {
            session.replyError(RespErrors.wrongArgs("client|unblock"));
            return;
        }
        long id;
        try {
            id = Long.parseLong(command.argString(2));
        } catch (NumberFormatException e) {
            session.replyError("ERR value is not an integer or out of range");
            return;
        }
        boolean error = command.argCount() == 4 && command.argEqualsIgnoreCase(3, "error");
        if (command.argCount() == 4 && !error && !command.argEqualsIgnoreCase(3, "timeout")) {
            session.replyError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            return;
        }
        for (ClientView s : sameTenant(session, ctx)) {
            if (s.id() == id) {
                s.unblock(error, session.loop(), session.reserve());
                return;
            }
        }
        session.reply(RespReplies.integer(session.alloc(), 0));
    }

    /** The live sessions of the caller's tenant on this node, the caller included. */
    private static List<ClientView> sameTenant(LocalContext session, CommandContext ctx) {
        String tenant = ctx.tenant().name();
        List<ClientView> out = new ArrayList<>();
        for (Channel ch : session.runtime().clients()) {
            ClientView s = ch.attr(ClientView.KEY).get();
            if (s != null && ch.isActive() && tenant != null && tenant.equals(s.tenantName())) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingLong(ClientView::id));
        return out;
    }

    private static void setName(LocalContext session, RespCommand command) {
        if (command.argCount() != 3) {
            session.replyError(RespErrors.wrongArgs("client|setname"));
            return;
        }
        String name = command.argString(2);
        if (!ClientNames.isValid(name)) {
            session.replyError(ClientNames.INVALID);
            return;
        }
        session.clientName(name.isEmpty() ? null : name);
        session.reply(RespReplies.ok());
    }

    /** Clients such as Jedis announce their library; accepted and not forwarded. */
    private static void setInfo(LocalContext session, RespCommand command) {
        if (command.argCount() != 4) {
            session.replyError(RespErrors.wrongArgs("client|setinfo"));
        } else if (command.argEqualsIgnoreCase(2, "lib-name") || command.argEqualsIgnoreCase(2, "lib-ver")) {
            session.reply(RespReplies.ok());
        } else {
            session.replyError("ERR Unrecognized option '" + command.argString(2) + "'");
        }
    }

    /** {@code CLIENT REPLY ON|OFF|SKIP}: only ON is answered, with +OK, as in Redis. */
    private static void noEvict(LocalContext session, RespCommand command) {
        if (command.argCount() != 3) {
            session.replyError(RespErrors.wrongArgs("client|no-evict"));
        } else if (command.argEqualsIgnoreCase(2, "on") || command.argEqualsIgnoreCase(2, "off")) {
            session.noEvict(command.argEqualsIgnoreCase(2, "on"));
            session.reply(RespReplies.ok());
        } else {
            session.replyError(RespErrors.syntax());
        }
    }

    private static void reply(LocalContext session, RespCommand command) {
        if (command.argCount() != 3) {
            session.replyError(RespErrors.wrongArgs("client|reply"));
            return;
        }
        ClientReply mode;
        try {
            mode = ClientReply.valueOf(command.argString(2).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            session.replyError(RespErrors.syntax());
            return;
        }
        session.clientReply(mode);
        if (mode == ClientReply.ON) {
            session.reply(RespReplies.ok());
        }
    }
}
