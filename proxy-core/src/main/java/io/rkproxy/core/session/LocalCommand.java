package io.rkproxy.core.session;

import io.rkproxy.core.resp.RespCommand;

/** A command the proxy answers itself instead of forwarding. */
interface LocalCommand {

    /** Runs the command. The session keeps ownership of {@code command}; retain it to hand it on. */
    void execute(ClientSession session, RespCommand command);

    /**
     * True when the command moves the session onto a pinned connection and so must wait until every earlier reply
     * is in, like a command routed there.
     */
    default boolean movesToPinnedConnection(ClientSession session, RespCommand command) {
        return false;
    }

    /** AUTH, HELLO, QUIT and RESET work before authentication; everything else gets NOAUTH. */
    default boolean allowedBeforeAuth() {
        return false;
    }
}
