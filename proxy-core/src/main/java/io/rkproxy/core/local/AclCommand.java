package io.rkproxy.core.local;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ACL} as a tenant sees it: the tenant is the only user there is. WHOAMI names it, USERS, LIST and GETUSER
 * show it alone (GETUSER of any other name is nil, as for a user Redis does not know), DRYRUN judges a command by the
 * proxy's rules for it; CAT, GENPASS and HELP are the backend's, which say nothing of its users. What would read or
 * change the backend's users (SETUSER, LOG, LOAD, ...) is refused: a tenant's password and rights are the proxy's
 * config.
 */
final class AclCommand implements LocalCommand {

    private static final Set<String> BACKEND_ANSWERS = Set.of("cat", "genpass", "help");
    private static final Set<String> USER_ADMINISTRATION = Set.of("setuser", "deluser", "log", "load", "save");

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
            case "list" -> session.reply(oneBulk(session, "user " + tenant.name() + " on ~* &* "
                    + commandRules(tenant)));
            case "getuser" -> getUser(session, tenant, command);
            case "dryrun" -> AclDryRun.reply(session, ctx, command);
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

    @Override
    public boolean refuses(CommandContext ctx, RespCommand command) {
        return USER_ADMINISTRATION.contains(command.argString(1).toLowerCase(Locale.ROOT));
    }

    /** The command rules of ACL LIST's line and GETUSER's {@code commands}. */
    private static String commandRules(TenantConfig tenant) {
        return tenant.readOnly() ? "+@all -@write" : "+@all";
    }

    /** Redis 7's reply for the tenant's own name; no password hash is ever shown. */
    private static void getUser(LocalContext session, TenantConfig tenant, RespCommand command) {
        if (command.argCount() != 3) {
            session.replyError(RespErrors.wrongArgs("acl|getuser"));
            return;
        }
        if (!command.argString(2).equals(tenant.name())) {
            session.reply(RespReplies.nil(session.protocol()));
            return;
        }
        RespValue user = new AdminReplies.Fields().put("flags", new RespValue.Array(List.of(AdminReplies.bulk("on"))))
                .put("passwords", new RespValue.Array(List.of())).put("commands", commandRules(tenant))
                .put("keys", "~*").put("channels", "&*").put("selectors", new RespValue.Array(List.of())).build();
        session.reply(RespValueEncoder.encode(user, session.alloc().buffer(), session.protocol()));
    }

    private static ByteBuf oneBulk(LocalContext session, String value) {
        ByteBuf out = RespReplies.arrayHeader(session.alloc().buffer(), 1);
        return RespReplies.bulk(out, value.getBytes(StandardCharsets.UTF_8));
    }
}
