package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;

/**
 * {@code MONITOR} for a tenant: the tenant's own commands on this proxy node, as its clients sent them (without the
 * key prefix of a cluster pool), never another tenant's. The backend's MONITOR would show every tenant's, so the
 * tenant of a dedicated pool gets this one too. See {@link io.rkproxy.core.runtime.MonitorFeed}.
 */
final class MonitorCommand implements LocalCommand {

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        if (command.argCount() != 1) {
            session.replyError(RespErrors.wrongArgs("monitor"));
            return;
        }
        session.reply(RespReplies.ok());
        session.monitor(ctx.tenant().name());
    }

    /** No line may overtake the replies of the commands before it. */
    @Override
    public boolean waitsForEarlierReplies(LocalContext session, RespCommand command) {
        return true;
    }
}
