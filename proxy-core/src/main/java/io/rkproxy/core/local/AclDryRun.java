package io.rkproxy.core.local;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.policy.AccessPolicy;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ACL DRYRUN <user> <command> [arg ...]} for the tenant itself: {@code +OK} when the proxy would let the
 * tenant run the command, else Redis's bulk text {@code This user has no permissions to run the '<cmd>' command}.
 * Judged as the session judges it: a command the proxy answers itself by the tenant's allow and deny lists and what
 * the command refuses by itself, any other by {@link AccessPolicy}. Only permissions, as in Redis: a dry run that
 * passes may still fail on its arguments or keys.
 */
final class AclDryRun {

    private AclDryRun() {
    }

    static void reply(LocalContext session, CommandContext ctx, RespCommand acl) {
        if (acl.argCount() < 4) {
            session.replyError(RespErrors.wrongArgs("acl|dryrun"));
            return;
        }
        String user = acl.argString(2);
        if (!user.equals(ctx.tenant().name())) {
            session.replyError("ERR User '" + user + "' not found");
            return;
        }
        if (!ctx.ready()) {
            session.replyError(RespErrors.poolUnavailable(ctx.tenant().pool(), "its commands are not known yet"));
            return;
        }
        byte[][] args = new byte[acl.argCount() - 3][];
        for (int i = 0; i < args.length; i++) {
            args[i] = acl.argBytes(i + 3);
        }
        RespCommand command = RespCommand.of(args);
        try {
            Optional<String> verdict = judge(ctx, command);
            if (verdict.isEmpty()) {
                session.reply(RespReplies.ok());
            } else if (verdict.get().startsWith("ERR ")) {
                session.replyError(verdict.get());
            } else {
                session.reply(RespReplies.bulk(session.alloc(), verdict.get()));
            }
        } finally {
            command.release();
        }
    }

    /** Empty when permitted; else an {@code ERR} error, or the text of a denial. */
    private static Optional<String> judge(CommandContext acl, RespCommand command) {
        String name = command.name();
        CommandSpec spec = acl.metadata().commands().find(name);
        LocalCommand local = LocalCommands.get(name);
        if (spec == null) {
            if (local == null) {
                return Optional.of("ERR Command '" + name + "' not found");
            }
            return local.refuses(acl, command) ? denied(name) : Optional.empty();
        }
        CommandSpec effective = spec.resolve(command);
        if (!effective.acceptsArgCount(command.argCount())) {
            return Optional.of(RespErrors.wrongArgs(effective.name()));
        }
        CommandContext ctx = new CommandContext(acl.snapshot(), acl.tenant(), acl.meters(), acl.pool(),
                acl.metadata(), spec, acl.arrivalNanos());
        if (local != null) {
            return AccessPolicy.checkRules(ctx.tenant(), spec, command).isPresent() || local.refuses(ctx, command)
                    ? denied(effective.name()) : Optional.empty();
        }
        CommandSpec judged = spec;
        if (name.equals("flushall")) {
            // runs as FLUSHDB once the tenant's rules for FLUSHALL let it through
            if (AccessPolicy.checkRules(ctx.tenant(), spec, command).isPresent()) {
                return denied(effective.name());
            }
            judged = ctx.metadata().commands().find("flushdb");
        }
        return AccessPolicy.check(ctx.tenant(), judged, command, ctx.metadata().tenantsConfined(),
                ctx.dedicatedPool()).isPresent()
                ? denied(effective.name()) : Optional.empty();
    }

    private static Optional<String> denied(String name) {
        return Optional.of("This user has no permissions to run the '" + name.toLowerCase(Locale.ROOT)
                + "' command");
    }
}
