package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;

/** {@code SELECT index}: every tenant sees exactly one db, db 0. */
final class SelectCommand implements LocalCommand {

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        if (command.argCount() != 2) {
            session.replyError(RespErrors.wrongArgs("select"));
            return;
        }
        long index;
        try {
            index = Long.parseLong(command.argString(1));
        } catch (NumberFormatException e) {
            session.replyError("ERR value is not an integer or out of range");
            return;
        }
        if (index == 0) {
            session.reply(RespReplies.ok());
        } else {
            session.replyError(RespErrors.DB_OUT_OF_RANGE);
        }
    }
}
