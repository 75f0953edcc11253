package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;

/** {@code RESET}: forgets the client name and the authentication, as Redis does; allowed before AUTH too. */
final class ResetCommand implements LocalCommand {

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        if (command.argCount() != 1) {
            session.replyError(RespErrors.wrongArgs("reset"));
            return;
        }
        session.reset();
        session.reply(RespReplies.simple(session.alloc(), "RESET"));
    }

    /** As in Redis, a RESET behind a blocked command runs once that command has returned. */
    @Override
    public boolean waitsForEarlierReplies(LocalContext session, RespCommand command) {
        return true;
    }

    @Override
    public boolean allowedBeforeAuth() {
        return true;
    }
}
