package io.rkproxy.core.session;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import java.util.Optional;

/** {@code AUTH <password>} or {@code AUTH <tenant> <password>}. */
final class AuthCommand implements LocalCommand {

    @Override
    public void execute(ClientSession session, RespCommand command) {
        int argc = command.argCount();
        if (argc < 2) {
            session.replyError(RespErrors.wrongArgs("auth"));
            return;
        }
        if (argc > 3) {
            session.replyError(RespErrors.syntax());
            return;
        }
        Optional<String> user = argc == 3 ? Optional.of(command.argString(1)) : Optional.empty();
        Optional<String> error = session.authenticate(user, command.argBytes(argc - 1));
        if (error.isPresent()) {
            session.replyError(error.get());
        } else {
            session.reply(RespReplies.ok());
        }
    }

    @Override
    public boolean allowedBeforeAuth() {
        return true;
    }
}
