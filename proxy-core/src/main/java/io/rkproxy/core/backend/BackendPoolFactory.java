package io.rkproxy.core.backend;

import io.netty.channel.EventLoopGroup;
import io.rkproxy.core.config.PoolConfig;

/** Creates pools of one kind; the pool modules implement it. */
public interface BackendPoolFactory {

    BackendPool create(PoolConfig config, EventLoopGroup group);
}
