package io.rkproxy.redis;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Promise;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplyDecoder;
import io.rkproxy.core.resp.RespValue;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Opens a backend connection on a given event loop and prepares it: AUTH when the pool has credentials, then
 * SELECT of the db, then CLIENT SETNAME so operators can tell proxy connections apart; for tenants' connections also
 * ACL SETUSER of the {@link TenantAclUser} before SELECT, and AUTH as that user, which cannot leave the db, last. The connection is handed over only after every step
 * answered OK, so no command can ever run in the wrong db.
 */
public final class RedisConnector {

    static final int MAX_REPLY_BULK = Integer.MAX_VALUE;
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final PoolConfig pool;
    private final Class<? extends Channel> channelType;
    private final Supplier<Optional<TenantAclUser>> tenantUser;
    private final NodeStats node;
    private final ScriptBudget scriptBudget;
    private final Predicate<RespCommand> repeatable;
    /** Connectors for the proxy's own one-off commands to this node, counted apart from the pool's connections. */
    private final Supplier<RedisConnector> oneOffs;

    /**
     * @param node           the node to connect to, which counts the connections and their commands
     * @param tenantUser     the ACL user prepared connections re-authenticate as, if any
     * @param repeatable     which commands may be sent again when their connection dropped before the reply
     *                       ({@link io.rkproxy.core.command.CommandSpec#isRepeatableRead})
     */
    public RedisConnector(PoolConfig pool, NodeStats node, Class<? extends Channel> channelType,
                          Supplier<Optional<TenantAclUser>> tenantUser, Predicate<RespCommand> repeatable) {
        this.pool = pool;
        this.node = node;
        this.channelType = channelType;
        this.tenantUser = tenantUser;
        this.repeatable = repeatable;
        this.oneOffs = () -> new RedisConnector(pool, node.address(), channelType);
        this.scriptBudget = new ScriptBudget(pool, node.address(), oneOffs);
    }

    /**
     * A connector for the proxy's own one-off queries to one node, as the pool's user. Its connections are counted
     * in figures of their own, which no pool reports: they are not the pool's.
     */
    RedisConnector(PoolConfig pool, Address address, Class<? extends Channel> channelType) {
        this(pool, new NodeStats(address, new PoolHealth(pool.name())), channelType, Optional::empty, c -> false);
    }

    /** A connector for the proxy's own one-off queries to a standalone pool's node. */
    RedisConnector(PoolConfig pool, Class<? extends Channel> channelType) {
        this(pool, pool.nodes().get(0), channelType);
    }

    PoolConfig pool() {
        return pool;
    }

    Address address() {
        return node.address();
    }

    NodeStats node() {
        return node;
    }

    /** Whether {@code command} may be sent again when its connection dropped before the reply. */
    boolean isRepeatable(RespCommand command) {
        return repeatable.test(command);
    }

    /** SCRIPT KILL or FUNCTION KILL for a tenant, on this node; see {@link ScriptBudget#kill}. */
    public void killScript(EventLoop loop, RespCommand command, ReplyCallback callback) {
        scriptBudget.kill(loop, command, callback);
    }

    String describe() {
        return "node " + address();
    }

    /**
     * Connects and prepares a connection with {@code db} selected.
     *
     * @param onClosed told why once the prepared connection is gone
     */
    Promise<BackendConnection> connect(EventLoop loop, int db, Protocol protocol, Consumer<String> onClosed) {
        return connect(loop, pool.responseTimeout().toNanos(), onClosed, () -> preparation(db, protocol, "db" + db));
    }

    /** A connection with no response timeout, for one session's blocking commands and transactions. */
    public Promise<BackendConnection> connectPinned(EventLoop loop, int db, Protocol protocol, Consumer<String> onClosed) {
        return connect(loop, 0, onClosed, () -> {
            List<Step> steps = preparation(db, protocol, "db" + db + "-pinned");
            steps.add(new Step(RespCommand.of("CLIENT", "ID"), true,
                    (connection, id) -> connection.backendClientId(id.asLong())));
            return steps;
        });
    }

    /**
     * {@code CLIENT UNBLOCK} of a pinned connection of this node, as the pool's own user ({@link PinnedLink#unblock},
     * {@link PinnedLink#unblockForShutdown}); false when the connection's backend id is not known.
     */
    boolean unblock(EventLoop loop, BackendConnection connection, boolean error, ReplyCallback callback) {
        if (connection.backendClientId() < 0) {
            return false;
        }
        oneOffs.get().sendOnce(loop, RespCommand.of("CLIENT", "UNBLOCK", Long.toString(connection.backendClientId()),
                error ? "ERROR" : "TIMEOUT"), callback);
        return true;
    }

    /**
     * Sends {@code command} as the pool's user over a connection of its own that only authenticates, then closes
     * it, and hands on the reply; takes ownership of {@code command}.
     */
    void sendOnce(EventLoop loop, RespCommand command, ReplyCallback callback) {
        connectBare(loop).addListener(f -> {
            if (!f.isSuccess()) {
                command.release();
                callback.onError(f.cause().getMessage());
                return;
            }
            BackendConnection connection = (BackendConnection) f.getNow();
            connection.send(command, new ReplyCallback() {
                @Override
                public void onReply(ByteBuf reply) {
                    connection.close("ERR one-off command done");
                    callback.onReply(reply);
                }

                @Override
                public void onError(String redisError) {
                    callback.onError(redisError);
                }
            });
        });
    }

    /**
     * A connection that only authenticates as the pool's user, in db 0 and with no name: AUTH is among the few
     * commands a Redis busy with a script still takes from a new connection.
     */
    Promise<BackendConnection> connectBare(EventLoop loop) {
        return connect(loop, 0, reason -> { }, () -> poolAuth().map(Step::required).stream().toList());
    }

    private Promise<BackendConnection> connect(EventLoop loop, long responseTimeoutNanos, Consumer<String> onClosed,
                                               Supplier<List<Step>> preparation) {
        Promise<BackendConnection> ready = loop.newPromise();
        SslContext tls;
        try {
            tls = pool.tls().isEmpty() ? null : BackendTls.context(pool.tls().get());
        } catch (IOException | GeneralSecurityException e) {
            return ready.setFailure(new BackendUnavailableException("pool '" + pool.name() + "': cannot load its "
                    + "TLS files: " + e.getMessage()));
        }
        BackendConnection connection = new BackendConnection(pool.name(), describe(), responseTimeoutNanos, node,
                scriptBudget, reason -> {
                    if (!ready.tryFailure(new BackendUnavailableException(reason))) {
                        onClosed.accept(reason);
                    }
                });
        ChannelFuture connected = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) pool.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), address().host(),
                                    address().port()));
                        }
                        ch.pipeline()
                                .addLast("decoder", new RespReplyDecoder(MAX_REPLY_BULK))
                                .addLast("connection", connection);
                    }
                })
                .connect(address().host(), address().port());
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                ready.tryFailure(new BackendUnavailableException(connection.error(rootMessage(f.cause()))));
                return;
            }
            node.opened();
            connected.channel().closeFuture().addListener(closed -> node.closed());
            prepare(connection, preparation.get(), ready);
        });
        return ready;
    }

    /**
     * A command that prepares a connection; a required one that fails fails the connection.
     *
     * @param learn told the reply, with the connection, when the step answers; null when nothing is learnt
     */
    private record Step(RespCommand command, boolean required, BiConsumer<BackendConnection, RespValue> learn) {

        Step(RespCommand command, boolean required) {
            this(command, required, null);
        }

        static Step required(RespCommand command) {
            return new Step(command, true);
        }
    }

    private List<Step> preparation(int db, Protocol protocol, String role) {
        List<Step> steps = new ArrayList<>();
        poolAuth().map(Step::required).ifPresent(steps::add);
        if (protocol == Protocol.RESP3) {
            steps.add(Step.required(RespCommand.of("HELLO", "3")));
        }
        scriptBudget.threshold().ifPresent(config -> steps.add(new Step(config, false)));
        Optional<TenantAclUser> confined = tenantUser.get();
        // Every time, not once: a restarted backend has forgotten users that are not in its aclfile.
        confined.ifPresent(user -> steps.add(Step.required(user.setUser())));
        if (db != 0) {
            steps.add(Step.required(RespCommand.of("SELECT", Integer.toString(db))));
        }
        String name = "rkproxy-" + pool.name() + "-" + role + (protocol == Protocol.RESP3 ? "-resp3" : "");
        steps.add(Step.required(RespCommand.of("CLIENT", "SETNAME", name)));
        confined.ifPresent(user -> steps.add(Step.required(user.auth())));
        return steps;
    }

    private void prepare(BackendConnection connection, List<Step> steps, Promise<BackendConnection> ready) {
        if (steps.isEmpty()) {
            ready.trySuccess(connection);
            return;
        }
        int[] remaining = {steps.size()};
        for (Step step : steps) {
            String what = step.command().argString(0);
            connection.send(step.command(), new ReplyCallback() {
                @Override
                public void onReply(ByteBuf frame) {
                    RespValue reply = RespValue.consume(frame);
                    if (reply instanceof RespValue.Error error && step.required()) {
                        connection.close(connection.error(what + " failed: " + error.text()));
                        return;
                    }
                    if (reply instanceof RespValue.Error error) {
                        scriptBudget.thresholdRefused(error.text());
                    } else if (step.learn() != null) {
                        step.learn().accept(connection, reply);
                    }
                    if (--remaining[0] == 0) {
                        ready.trySuccess(connection);
                    }
                }

                @Override
                public void onError(String redisError) {
                    ready.tryFailure(new BackendUnavailableException(redisError));
                }
            });
        }
    }

    /**
     * Runs {@code command} as the pool's own user on a link whose connection is authenticated as the tenant user:
     * AUTH as the pool's user, the command, AUTH back, written together so that nothing runs in between. The
     * db stays selected throughout. Without a tenant user the link already runs as the pool's user.
     */
    void sendAsPoolUser(BackendLink link, RespCommand command, ReplyCallback callback) {
        Optional<TenantAclUser> confined = tenantUser.get();
        if (confined.isEmpty()) {
            link.send(command, callback);
            return;
        }
        link.send(poolAuth().orElseGet(() -> RespCommand.of("AUTH", "default", "nopass")), ReplyCallback.DISCARD);
        link.send(command, callback);
        link.send(confined.get().auth(), ReplyCallback.DISCARD);
    }


    private Optional<RespCommand> poolAuth() {
        return pool.password().map(password -> pool.username()
                .map(user -> RespCommand.of("AUTH", user, password))
                .orElseGet(() -> RespCommand.of("AUTH", password)));
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
