package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.metrics.SlowLog;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.util.List;
import java.util.Locale;

/**
 * {@code SLOWLOG}: the tenant's own slow commands on this proxy node, from its own ring of the node's slow log (which
 * PROXY SLOWLOG shows admins whole), in Redis's reply shape, by the threshold the tenant set
 * ({@code CONFIG SET slowlog-log-slower-than}). A dedicated pool's tenant gets it too: the backend's own slow log names
 * the proxy's connections, not the clients. HELP is the backend's text.
 */
final class SlowlogCommand implements LocalCommand {

    private static final int DEFAULT_COUNT = 10;

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        if (command.argCount() < 2) {
            session.replyError(RespErrors.wrongArgs("slowlog"));
            return;
        }
        String sub = command.argString(1).toLowerCase(Locale.ROOT);
        if (sub.equals("help")) {
            session.forwardAsPoolUser(ctx, command.retain(), session.reserve());
            return;
        }
        SlowLog log = session.runtime().slowLog();
        String tenant = ctx.tenant().name();
        switch (sub) {
            case "get" -> get(session, command, log, tenant);
            case "len" -> {
                if (command.argCount() == 2) {
                    session.reply(RespReplies.integer(session.alloc(), log.size(tenant)));
                } else {
                    session.replyError(RespErrors.wrongArgs("slowlog|len"));
                }
            }
            case "reset" -> {
                if (command.argCount() == 2) {
                    log.reset(tenant);
                    session.reply(RespReplies.ok());
                } else {
                    session.replyError(RespErrors.wrongArgs("slowlog|reset"));
                }
            }
            default -> session.replyError(RespErrors.unknownSubcommand(command));
        }
    }

    /** {@code SLOWLOG GET [count]}: 10 by default, -1 for all, as in Redis 7. */
    private static void get(LocalContext session, RespCommand command, SlowLog log, String tenant) {
        if (command.argCount() > 3) {
            session.replyError(RespErrors.wrongArgs("slowlog|get"));
            return;
        }
        long count = DEFAULT_COUNT;
        if (command.argCount() == 3) {
            try {
                count = Long.parseLong(command.argString(2));
            } catch (NumberFormatException e) {
                count = -2;
            }
            if (count < -1) {
                session.replyError("ERR count should be greater than or equal to -1");
                return;
            }
        }
        int n = count == -1 || count > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) count;
        RespValue entries = AdminReplies.list(log.latest(tenant, n), SlowlogCommand::entry);
        session.reply(RespValueEncoder.encode(entries, session.alloc().buffer(), session.protocol()));
    }

    /** Redis's entry: id, unix time, microseconds, the arguments, the client's address and name. */
    private static RespValue entry(SlowLog.Entry e) {
        return new RespValue.Array(List.of(new RespValue.Int(e.id()), new RespValue.Int(e.epochMillis() / 1000),
                new RespValue.Int(e.durationMicros()), AdminReplies.list(e.args(), AdminReplies::bulk),
                AdminReplies.bulk(e.client()), AdminReplies.bulk(e.clientName())));
    }
}
