package io.rkproxy.core.local;

import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;

/** {@code QUIT}: +OK, then the connection closes. */
final class QuitCommand implements LocalCommand {

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        session.closeAfter(RespReplies.ok());
    }

    @Override
    public boolean allowedBeforeAuth() {
        return true;
    }
}
