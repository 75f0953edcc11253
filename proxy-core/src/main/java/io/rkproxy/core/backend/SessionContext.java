package io.rkproxy.core.backend;

import io.netty.channel.EventLoop;

/** What a {@link KafkaSession} may know of, and set on, the client connection it serves. */
public interface SessionContext extends ReplyFormat {

    long sessionId();

    EventLoop loop();

    /** Sets the name CLIENT LIST and CLIENT GETNAME show, as CLIENT SETNAME would. */
    void clientName(String name);
}
