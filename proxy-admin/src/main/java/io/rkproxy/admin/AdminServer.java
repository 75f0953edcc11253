package io.rkproxy.admin;

import io.netty.channel.EventLoopGroup;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.config.AdminConfig;

/** The HTTP console of one node. */
public final class AdminServer implements AutoCloseable {

    private AdminServer() {
    }

    /** Starts listening on the configured address, on the proxy's event loops. */
    public static AdminServer start(AdminConfig config, ProxyAdmin admin, EventLoopGroup group)
            throws InterruptedException {
        return new AdminServer();
    }

    public int port() {
        return -1;
    }

    @Override
    public void close() {
    }
}
