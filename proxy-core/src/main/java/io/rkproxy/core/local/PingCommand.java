package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;

/** {@code PING [message]}, answered by the proxy. */
final class PingCommand implements LocalCommand {

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        switch (command.argCount()) {
            case 1 -> session.reply(RespReplies.pong());
            case 2 -> session.reply(RespReplies.bulk(session.alloc(), command.argBytes(1)));
            default -> session.replyError(RespErrors.wrongArgs("ping"));
        }
    }
}
