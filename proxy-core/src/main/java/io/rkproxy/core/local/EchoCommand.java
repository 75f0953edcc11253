package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;

/** {@code ECHO message}, answered by the proxy. */
final class EchoCommand implements LocalCommand {

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        if (command.argCount() != 2) {
            session.replyError(RespErrors.wrongArgs("echo"));
        } else {
            session.reply(RespReplies.bulk(session.alloc(), command.argBytes(1)));
        }
    }
}
