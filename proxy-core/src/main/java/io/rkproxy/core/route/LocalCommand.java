package io.rkproxy.core.route;

import io.rkproxy.core.resp.RespCommand;

/** A command the proxy answers itself instead of forwarding. */
public interface LocalCommand {

    /**
     * Runs the command. The session keeps ownership of {@code command}; retain it to hand it on.
     *
     * @param ctx what the command runs against; its tenant is null only for a command allowed before authentication
     */
    void execute(LocalContext session, CommandContext ctx, RespCommand command);

    /**
     * True when the command must wait until every earlier reply is in: it moves the session onto a pinned
     * connection, or tears down state that earlier commands still use.
     */
    default boolean waitsForEarlierReplies(LocalContext session, RespCommand command) {
        return false;
    }

    /**
     * Whether the command refuses this tenant by itself, beyond the tenant's allow and deny lists (a server-wide
     * subcommand on a shared pool, PROXY for a tenant that is not an admin): what ACL DRYRUN tells of it.
     * {@code command} has at least the arguments its arity needs.
     */
    default boolean refuses(CommandContext ctx, RespCommand command) {
        return false;
    }

    /** AUTH, HELLO, QUIT and RESET work before authentication; everything else gets NOAUTH. */
    default boolean allowedBeforeAuth() {
        return false;
    }
}
