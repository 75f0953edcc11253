package io.rkproxy.core.local;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code HELLO [protover [AUTH user pass] [SETNAME name]]}: switches the session to RESP2 or RESP3 and replies, in
 * that protocol, like Redis. Checks run in Redis's order.
 */
final class HelloCommand implements LocalCommand {

    static final String NOAUTH_HELLO = "NOAUTH HELLO must be called with the client already authenticated, "
            + "otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and "
            + "select the RESP protocol version at the same time";
    private static final String DEFAULT_VERSION = "7.0.0";

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        int argc = command.argCount();
        Protocol protocol = session.protocol();
        if (argc >= 2) {
            long version;
            try {
                version = Long.parseLong(command.argString(1));
            } catch (NumberFormatException e) {
                session.replyError("ERR Protocol version is not an integer or out of range");
                return;
            }
            if (version != 2 && version != 3) {
                session.replyError(RespErrors.NOPROTO);
                return;
            }
            protocol = version == 3 ? Protocol.RESP3 : Protocol.RESP2;
        }
        String user = null;
        byte[] password = null;
        String name = null;
        for (int i = 2; i < argc; i++) {
            boolean more = argc - i - 1 >= 1;
            if (command.argEqualsIgnoreCase(i, "auth") && argc - i - 1 >= 2) {
                user = command.argString(i + 1);
                password = command.argBytes(i + 2);
                i += 2;
            } else if (command.argEqualsIgnoreCase(i, "setname") && more) {
                name = command.argString(i + 1);
                if (!ClientNames.isValid(name)) {
                    session.replyError(ClientNames.INVALID);
                    return;
                }
                i += 1;
            } else {
                session.replyError("ERR Syntax error in HELLO option '" + command.argString(i) + "'");
                return;
            }
        }
        ReplyCallback reply = session.reserve();
        if (password == null) {
            answer(session, ctx, reply, protocol, name);
            return;
        }
        Protocol chosen = protocol;
        String chosenName = name;
        session.authenticate(Optional.of(user), password, error -> {
            if (error.isPresent()) {
                reply.onError(error.get());
            } else {
                answer(session, session.freshContext(command), reply, chosen, chosenName);
            }
        });
    }

    private static void answer(LocalContext session, CommandContext ctx, ReplyCallback reply, Protocol protocol,
                               String name) {
        if (!session.isAuthenticated()) {
            reply.onError(NOAUTH_HELLO);
            return;
        }
        if (name != null) {
            session.clientName(name);
        }
        session.protocol(protocol);
        reply.onReply(helloReply(session, ctx, protocol));
    }

    private static ByteBuf helloReply(LocalContext session, CommandContext ctx, Protocol protocol) {
        String version = ctx.ready() ? ctx.metadata().version() : DEFAULT_VERSION;
        ByteBuf out = session.alloc().buffer(160);
        if (protocol == Protocol.RESP3) {
            out.writeBytes("%7\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            RespReplies.arrayHeader(out, 14);
        }
        bulk(out, "server");
        bulk(out, "redis");
        bulk(out, "version");
        bulk(out, version);
        bulk(out, "proto");
        RespReplies.integer(out, protocol.version());
        bulk(out, "id");
        RespReplies.integer(out, session.id());
        bulk(out, "mode");
        bulk(out, "standalone");
        bulk(out, "role");
        bulk(out, "master");
        bulk(out, "modules");
        RespReplies.arrayHeader(out, 0);
        return out;
    }

    private static void bulk(ByteBuf out, String s) {
        RespReplies.bulk(out, s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean allowedBeforeAuth() {
        return true;
    }
}
