package io.rkproxy.core.session;

import io.rkproxy.core.resp.RespCommand;

/** A command the proxy answers itself instead of forwarding. */
interface LocalCommand {

    /** Runs the command. The session keeps ownership of {@code command}; retain it to hand it on. */
    void execute(ClientSession session, RespCommand command);

    /** AUTH, HELLO, QUIT and RESET work before authentication; everything else gets NOAUTH. */
    default boolean allowedBeforeAuth() {
        return false;
    }
}
