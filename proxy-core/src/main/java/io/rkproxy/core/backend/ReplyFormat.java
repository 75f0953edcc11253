package io.rkproxy.core.backend;

import io.netty.buffer.ByteBufAllocator;
import io.rkproxy.core.resp.Protocol;

/** What a reply the proxy encodes for a client needs: the client's allocator and the protocol it speaks now. */
public interface ReplyFormat {

    ByteBufAllocator alloc();

    Protocol protocol();
}
