package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.util.Locale;
import java.util.Set;

/**
 * A server-wide command of which a tenant may run the parts that only read harmless facts (LASTSAVE, MODULE LIST, the
 * HELP texts): those run as the pool's own user, since the tenant's backend user may not run the command at all. The
 * tenant of a dedicated pool, which has the backend to itself, may run every part. Everything else is refused.
 */
final class ServerQuery implements LocalCommand {

    /** The subcommands a tenant may run, lower case; null when it may run the whole command. */
    private final Set<String> readable;

    private ServerQuery(Set<String> readable) {
        this.readable = readable;
    }

    static ServerQuery whole() {
        return new ServerQuery(null);
    }

    static ServerQuery subcommands(String... names) {
        return new ServerQuery(Set.of(names));
    }

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        if (readable != null && !ctx.dedicatedPool() && command.argCount() < 2) {
            session.replyError(RespErrors.wrongArgs(command.name()));
        } else if (refuses(ctx, command)) {
            session.refuse(Refusal.NO_PERMISSION, RespErrors.noPermission(command.name() + "|"
                    + command.argString(1).toLowerCase(Locale.ROOT)));
        } else {
            session.forwardAsPoolUser(ctx, command.retain(), session.reserve());
        }
    }

    @Override
    public boolean refuses(CommandContext ctx, RespCommand command) {
        return readable != null && !ctx.dedicatedPool() && command.argCount() >= 2
                && !readable.contains(command.argString(1).toLowerCase(Locale.ROOT));
    }
}
