package io.rkproxy.core.local;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ACL} as a tenant sees it: the tenant is the only user there is. WHOAMI names it, USERS and LIST show it
 * alone; CAT, GENPASS and HELP are the backend's, which say nothing of its users. What would read or change the
 * backend's users (SETUSER, GETUSER, LOG, LOAD, ...) is refused: a tenant's password and rights are the proxy's config.
 */
final class AclCommand implements LocalCommand {

    private static final Set<String> BACKEND_ANSWERS = Set.of("cat", "genpass", "help");
    private static final Set<String> USER_ADMINISTRATION = Set.of("setuser", "deluser", "getuser", "log", "load",
            "save", "dryrun");

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        if (command.argCount() < 2) {
            session.replyError(RespErrors.wrongArgs("acl"));
            return;
        }
        String sub = command.argString(1).toLowerCase(Locale.ROOT);
        TenantConfig tenant = ctx.tenant();
        switch (sub) {
            case "whoami" -> session.reply(RespReplies.bulk(session.alloc(), tenant.name()));
            case "users" -> session.reply(oneBulk(session, tenant.name()));
            case "list" -> session.reply(oneBulk(session, "user " + tenant.name() + " on ~* &* +@all"
                    + (tenant.readOnly() ? " -@write" : "")));
            default -> {
                if (BACKEND_ANSWERS.contains(sub)) {
                    session.forwardAsPoolUser(ctx, command.retain(), session.reserve());
                } else if (USER_ADMINISTRATION.contains(sub)) {
                    session.refuse(Refusal.NO_PERMISSION, RespErrors.noPermission("acl|" + sub) + ": a tenant's"
                            + " password and rights are the proxy's config, and the backend's users are not the"
                            + " tenant's to see");
                } else {
                    session.replyError(RespErrors.unknownSubcommand(command));
                }
            }
        }
    }

    private static ByteBuf oneBulk(LocalContext session, String value) {
        ByteBuf out = RespReplies.arrayHeader(session.alloc().buffer(), 1);
        return RespReplies.bulk(out, value.getBytes(StandardCharsets.UTF_8));
    }
}
