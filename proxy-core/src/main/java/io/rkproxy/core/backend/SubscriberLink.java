package io.rkproxy.core.backend;

import io.rkproxy.core.resp.RespCommand;

/** A session's own connection in subscribed mode: commands go out, frames come back through a PushListener. */
public interface SubscriberLink {

    /** Sends a (un)subscribe command or a PING; takes ownership of {@code command}. */
    void send(RespCommand command);

    void close();
}
