package io.rkproxy.core.backend;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.rkproxy.core.resp.Protocol;

/** What a {@link KafkaSession} may know of, and set on, the client connection it serves. */
public interface SessionContext {

    long sessionId();

    EventLoop loop();

    ByteBufAllocator alloc();

    Protocol protocol();

    /** Sets the name CLIENT LIST and CLIENT GETNAME show, as CLIENT SETNAME would. */
    void clientName(String name);
}
