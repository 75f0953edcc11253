package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.util.Optional;

/** {@code AUTH <password>} or {@code AUTH <tenant> <password>}. */
final class AuthCommand implements LocalCommand {

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
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
        ReplyCallback reply = session.reserve();
        session.authenticate(user, command.argBytes(argc - 1), error -> {
            if (error.isPresent()) {
                reply.onError(error.get());
            } else {
                reply.onReply(RespReplies.ok());
            }
        });
    }

    @Override
    public boolean allowedBeforeAuth() {
        return true;
    }
}
