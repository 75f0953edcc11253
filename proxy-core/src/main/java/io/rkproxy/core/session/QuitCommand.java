package io.rkproxy.core.session;

import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;

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
