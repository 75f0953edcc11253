package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code USE <pool>}: an admin tenant points this connection at another redis pool, its db 0, with no key prefix;
 * naming its own pool switches back. Other connections of the tenant are not affected.
 */
final class UseCommand implements LocalCommand {

    @Override
    public boolean refuses(CommandContext ctx, RespCommand command) {
        return !ctx.tenant().admin();
    }

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        if (session.refusedUnlessAdmin(ctx, command)) {
            return;
        }
        if (command.argCount() != 2) {
            session.replyError(RespErrors.wrongArgs("use"));
            return;
        }
        String pool = command.argString(1);
        if (!ctx.snapshot().pools().containsKey(pool)) {
            session.replyError("ERR no redis pool named '" + pool + "' (redis pools: "
                    + String.join(", ", new TreeSet<>(ctx.snapshot().pools().keySet())) + ")");
            return;
        }
        if (session.holdsConnectionState()) {
            session.replyError("ERR USE is not allowed while the connection holds state on its pool (MULTI, WATCH, "
                    + "a subscription, tracking or a blocking command)");
            return;
        }
        session.usePool(pool, ctx.snapshot().tenant(ctx.tenant().name()).orElse(ctx.tenant()));
        session.reply(RespReplies.ok());
    }

    @Override
    public boolean waitsForEarlierReplies(LocalContext session, RespCommand command) {
        return true;
    }
}
