package io.rkproxy.core.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.route.ClientInfo;
import io.rkproxy.core.route.ClientReply;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.CommandRouter;
import io.rkproxy.core.route.LocalContext;
import io.rkproxy.core.route.Tracking;
import java.net.SocketAddress;
import io.rkproxy.core.runtime.ClientView;
import io.rkproxy.core.runtime.ProxyRuntime;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The session as the proxy's own commands see it. */
final class LocalSession implements LocalContext {

    private final ClientSession session;
    private final ClientInfo client;
    private final ReplyQueue replies;
    private final SessionAuth auth;
    private final Supplier<ProxyAdmin> admin;
    private final ClientView view;
    private final Tracking tracking;
    private CommandRouter router;
    private CommandDispatcher dispatcher;

    LocalSession(ClientSession session, ClientInfo client, ReplyQueue replies, SessionAuth auth,
                 Supplier<ProxyAdmin> admin, ClientView view, Tracking tracking) {
        this.session = session;
        this.client = client;
        this.replies = replies;
        this.auth = auth;
        this.admin = admin;
        this.view = view;
        this.tracking = tracking;
    }

    /** The router and dispatcher are built with this as their local context, so they come after it. */
    void attach(CommandRouter router, CommandDispatcher dispatcher) {
        this.router = router;
        this.dispatcher = dispatcher;
    }

    @Override
    public void authenticate(Optional<String> username, byte[] password, Consumer<Optional<String>> then) {
        auth.authenticate(username, password, then);
    }

    @Override
    public long id() {
        return client.id();
    }

    @Override
    public SocketAddress localAddress() {
        return client.channel().localAddress();
    }

    @Override
    public EventLoop loop() {
        return client.channel().eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return client.alloc();
    }

    @Override
    public ProxyRuntime runtime() {
        return session.runtime();
    }

    @Override
    public ProxyAdmin admin() {
        return admin.get();
    }

    @Override
    public void reply(ByteBuf reply) {
        replies.add(reply);
    }

    @Override
    public void replyError(String redisError) {
        replies.reserve().onError(redisError);
    }

    @Override
    public ReplyCallback reserve() {
        return replies.reserve();
    }

    @Override
    public void clientReply(ClientReply mode) {
        replies.clientReply(mode);
    }

    @Override
    public void refuse(Refusal why, String redisError) {
        dispatcher.refuse(why, redisError);
    }

    @Override
    public Protocol protocol() {
        return client.protocol();
    }

    @Override
    public void protocol(Protocol protocol) {
        client.protocol(protocol);
    }

    @Override
    public String clientName() {
        return client.clientName();
    }

    @Override
    public void clientName(String name) {
        client.clientName(name);
    }

    @Override
    public void noEvict(boolean on) {
        client.noEvict(on);
    }

    @Override
    public String describe() {
        return view.describe();
    }

    @Override
    public boolean isAuthenticated() {
        return session.isAuthenticated();
    }

    @Override
    public CommandContext freshContext(RespCommand command) {
        return dispatcher.contextFor(command);
    }

    @Override
    public void forward(CommandContext ctx, RespCommand command, ReplyCallback callback) {
        router.forward(ctx, command, callback);
    }

    @Override
    public void forwardAsPoolUser(CommandContext ctx, RespCommand command, ReplyCallback callback) {
        router.forwardAsPoolUser(ctx, command, callback);
    }

    @Override
    public Tracking tracking() {
        return tracking;
    }

    @Override
    public boolean holdsConnectionState() {
        return session.holdsConnectionState();
    }

    @Override
    public void usePool(String pool, TenantConfig own) {
        session.usePool(pool, own);
    }

    @Override
    public void monitor(String tenant) {
        client.monitoring(true);
        // after this turn, whose writes (the +OK) are flushed first: no line may overtake the +OK
        loop().execute(() -> {
            if (client.monitoring()) {
                session.runtime().monitors().start(tenant, client.channel());
            }
        });
    }

    @Override
    public void reset() {
        if (client.monitoring()) {
            client.monitoring(false);
            session.runtime().monitors().stop(client.channel());
        }
        auth.reset();
        replies.clientReply(ClientReply.ON);
    }

    @Override
    public void closeAfter(ByteBuf reply) {
        session.closeAfter(reply);
    }
}
