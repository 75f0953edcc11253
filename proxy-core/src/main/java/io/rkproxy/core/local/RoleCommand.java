package io.rkproxy.core.local;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.nio.charset.StandardCharsets;

/**
 * {@code ROLE}: the tenant talks to one master with no replicas it could reach, whatever stands behind the proxy, so
 * that is the answer, as a master with replication offset 0.
 */
final class RoleCommand implements LocalCommand {

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        ByteBuf out = RespReplies.arrayHeader(session.alloc().buffer(), 3);
        RespReplies.bulk(out, "master".getBytes(StandardCharsets.US_ASCII));
        RespReplies.integer(out, 0);
        session.reply(RespReplies.arrayHeader(out, 0));
    }
}
