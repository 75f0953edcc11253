package io.rkproxy.core.session;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import java.util.Locale;

/**
 * {@code CLIENT}, answered from the proxy's own view of the connection; the backend's connections are shared and
 * never exposed. SETNAME, GETNAME, ID and SETINFO for now.
 */
final class ClientCommand implements LocalCommand {

    @Override
    public void execute(ClientSession session, RespCommand command) {
        if (command.argCount() < 2) {
            session.replyError(RespErrors.wrongArgs("client"));
            return;
        }
        String sub = command.argString(1).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "setname" -> setName(session, command);
            case "getname" -> session.reply(session.clientName() == null
                    ? RespReplies.nullBulk() : RespReplies.bulk(session.alloc(), session.clientName()));
            case "id" -> session.reply(RespReplies.integer(session.alloc(), session.id()));
            case "setinfo" -> setInfo(session, command);
            case "list", "info", "kill", "pause", "unpause", "reply", "tracking", "trackinginfo", "caching",
                    "getredir", "no-evict", "no-touch", "unblock", "help" ->
                    session.replyError(RespErrors.notSupported("client|" + sub, "not available through this proxy"));
            default -> session.replyError(RespErrors.unknownSubcommand(command));
        }
    }

    private static void setName(ClientSession session, RespCommand command) {
        if (command.argCount() != 3) {
            session.replyError(RespErrors.wrongArgs("client|setname"));
            return;
        }
        String name = command.argString(2);
        if (!ClientNames.isValid(name)) {
            session.replyError(ClientNames.INVALID);
            return;
        }
        session.clientName(name.isEmpty() ? null : name);
        session.reply(RespReplies.ok());
    }

    /** Clients such as Jedis announce their library; accepted and not forwarded. */
    private static void setInfo(ClientSession session, RespCommand command) {
        if (command.argCount() != 4) {
            session.replyError(RespErrors.wrongArgs("client|setinfo"));
        } else if (command.argEqualsIgnoreCase(2, "lib-name") || command.argEqualsIgnoreCase(2, "lib-ver")) {
            session.reply(RespReplies.ok());
        } else {
            session.replyError("ERR Unrecognized option '" + command.argString(2) + "'");
        }
    }
}
