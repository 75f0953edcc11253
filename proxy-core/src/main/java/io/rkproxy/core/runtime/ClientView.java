package io.rkproxy.core.runtime;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.rkproxy.core.backend.ReplyCallback;
import io.netty.util.AttributeKey;
import io.rkproxy.core.config.ProxyConfig;

/**
 * What the rest of the node may see of a client connection: CLIENT LIST and KILL of the tenant's other connections,
 * PROXY KILL of any tenant's, and a drain that waits for every connection to go idle. Safe to call from any thread.
 */
public interface ClientView {

    /** The view of the connection on a client channel. */
    AttributeKey<ClientView> KEY = AttributeKey.valueOf("rkproxy.client");

    long id();

    /** The tenant it is authenticated as, or null. */
    String tenantName();

    Channel channel();

    /**
     * Whether what it got into its tenant with (a password, a client certificate, the open default tenant) no longer
     * lets it in under {@code current}: a password rotated out, a {@code tls-identity} removed or moved, a password
     * given to the default tenant.
     */
    boolean stale(ProxyConfig current);

    /**
     * Closes it at an operator's request: a blocking command it waits on is ended with an error, the other commands it
     * already sent are answered, then {@code error} is the last reply before the close.
     */
    void kill(String error);

    /**
     * {@code CLIENT UNBLOCK} of the blocking command it waits on, if any: ended as on its timeout, or with Redis's
     * UNBLOCKED error. {@code callback} gets, on {@code replyLoop}, 1 if a command was blocked, else 0.
     */
    void unblock(boolean error, EventLoop replyLoop, ReplyCallback callback);

    long ageSeconds(long nowNanos);

    /** The connection as one line of CLIENT LIST. */
    String describe();

    /** Whether every command it sent has been answered. Only on the connection's event loop. */
    boolean isIdle();

    /**
     * The node is shutting down: reads no more of the client's input, for good, and has a blocking command the
     * session waits on ended with an error. Only on the connection's event loop.
     */
    void drain();
}
