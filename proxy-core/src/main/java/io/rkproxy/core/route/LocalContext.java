package io.rkproxy.core.route;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.ReplyFormat;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.runtime.ProxyRuntime;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.function.Consumer;

/** What a command the proxy answers itself may see and do of its session. */
public interface LocalContext extends ReplyFormat {

    long id();

    /** The proxy's address as this client reached it. */
    SocketAddress localAddress();

    EventLoop loop();

    ProxyRuntime runtime();

    /** The admin facade, or null while the server is still starting. */
    ProxyAdmin admin();

    /** Queues a reply in the command's place; takes ownership of it. */
    void reply(ByteBuf reply);

    void replyError(String redisError);

    /** {@code CLIENT REPLY}: which of the following commands get their replies. */
    void clientReply(ClientReply mode);

    /** Reserves the command's place among the replies, for an answer that comes later. */
    ReplyCallback reserve();

    /** Replies with an error and counts it as a refusal of the tenant's. */
    void refuse(Refusal why, String redisError);

    /** Whether {@code ctx}'s tenant is an admin; otherwise the command is refused with NOPERM. */
    default boolean refusedUnlessAdmin(CommandContext ctx, RespCommand command) {
        if (ctx.tenant().admin()) {
            return false;
        }
        refuse(Refusal.NO_PERMISSION, RespErrors.noPermission(command.name()));
        return true;
    }

    void protocol(Protocol protocol);

    String clientName();

    void clientName(String name);

    /** CLIENT NO-EVICT ON|OFF: shown in CLIENT LIST, since rkproxy evicts no client for memory. */
    void noEvict(boolean on);

    /** This session as one line of CLIENT LIST. */
    String describe();

    boolean isAuthenticated();

    /**
     * Authenticates this session, then runs {@code then} with the error to reply with, or empty on success. An AUTH
     * the proxy delays waits on a timer, and nothing after it runs meanwhile.
     */
    void authenticate(Optional<String> username, byte[] password, Consumer<Optional<String>> then);

    /** A context read anew, for a command that changed which tenant the session is (HELLO with AUTH). */
    CommandContext freshContext(RespCommand command);

    /** Sends a command to the tenant's backend as the tenant; takes ownership of {@code command}. */
    void forward(CommandContext ctx, RespCommand command, ReplyCallback callback);

    /** Sends a server-wide query as the pool's own user; takes ownership of {@code command}. */
    void forwardAsPoolUser(CommandContext ctx, RespCommand command, ReplyCallback callback);

    Tracking tracking();

    /** Whether the session holds state on its backend connection that a switch of pool would break. */
    boolean holdsConnectionState();

    /** {@code USE <pool>}: this connection talks to another redis pool; {@code own}'s pool switches back. */
    void usePool(String pool, TenantConfig own);

    /**
     * {@code MONITOR}: from now on this connection gets a line for each command of {@code tenant}'s on this node, and
     * takes only PING, QUIT and RESET, which ends it.
     */
    void monitor(String tenant);

    /** Back to a fresh connection's state: the open default tenant if there is one, else unauthenticated. */
    void reset();

    /** Replies (after everything already queued), then closes; later commands are ignored. */
    void closeAfter(ByteBuf reply);
}
