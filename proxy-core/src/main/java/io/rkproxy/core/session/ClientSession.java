package io.rkproxy.core.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.net.ReadThrottle;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.ClientInfo;
import io.rkproxy.core.route.CommandRouter;
import io.rkproxy.core.route.ConnectionState;
import io.rkproxy.core.route.KafkaRoute;
import io.rkproxy.core.route.LinkSender;
import io.rkproxy.core.route.PubSubRoute;
import io.rkproxy.core.route.SessionLinks;
import io.rkproxy.core.route.Tracking;
import io.rkproxy.core.runtime.ClientView;
import io.rkproxy.core.runtime.ProxyRuntime;
import java.util.List;
import java.util.function.Supplier;

/**
 * One client connection: the path from each command to its reply. A command is let through by the
 * {@link CommandGate}, read against one {@code CommandContext}, counted by {@code Admission}, and routed by the
 * {@link CommandRouter}; the session acts on the router's decision. The rest of the node sees it through its
 * {@link SessionView}. Every method runs on the connection's event loop.
 */
final class ClientSession {

    private final ProxyRuntime runtime;
    private final ClientInfo client;
    private final SessionStatus status;
    private final ReplyQueue replies;
    private final OutputGuard output;
    private final ReadThrottle throttle;
    private final int maxInFlight;
    private final int bigRequestBytes;
    private final TenantBinding binding;
    private final ConnectionState connection;
    private final SessionAuth auth;
    private final CommandDispatcher dispatcher;
    private final CommandGate gate;

    ClientSession(ProxyRuntime runtime, Supplier<ProxyAdmin> admin, Channel channel) {
        this.runtime = runtime;
        this.client = new ClientInfo(runtime.nextSessionId(), channel, runtime.nanoTime());
        this.status = new SessionStatus(client.id());
        this.replies = new ReplyQueue(channel, this::onRepliesWritten,
                new CommandMeter(this, runtime.server(), runtime.slowLog()), this::onReplyArrived);
        this.output = new OutputGuard(this, replies, runtime.server());
        this.bigRequestBytes = runtime.server().bigRequestBytes();
        this.throttle = new ReadThrottle(channel);
        this.maxInFlight = runtime.server().maxInFlight();
        this.binding = new TenantBinding(client.id(), runtime.meters(), this::closeAfter);
        SessionLinks links = new SessionLinks(channel.eventLoop(), client.id());
        LinkSender sender = new LinkSender(client, links, throttle);
        PubSubRoute pubsub = new PubSubRoute(client, replies, sender, this::push, this::closeAfter);
        this.connection = new ConnectionState(links, sender, pubsub,
                new KafkaRoute(new KafkaClientContext(client, throttle, binding::meters), replies::reserve,
                        binding::refused, runtime.queues()));
        this.auth = new SessionAuth(runtime, client, binding, status, connection, throttle, this::closeAfter);
        SessionView view = new SessionView(client, binding, connection, replies, throttle, runtime::nanoTime,
                this::kill);
        LocalSession local = new LocalSession(this, client, replies, auth, admin, view,
                new Tracking(client, links, this::push));
        CommandRouter router = new CommandRouter(client, replies, connection, runtime::scripts, local);
        this.dispatcher = new CommandDispatcher(runtime, client, status, binding, links, replies, router, local);
        local.attach(router, dispatcher);
        this.gate = new CommandGate(dispatcher, output, throttle);
        dispatcher.attach(gate);
        channel.attr(ClientView.KEY).set(view);
        auth.bindDefaultTenant();
    }

    /** See {@link SessionAuth#certificateVerified}. */
    void certificateVerified(List<String> identities) {
        auth.certificateVerified(identities);
    }

    /** Handles one command; takes ownership of it. */
    void handle(RespCommand command) {
        try {
            if (status.get().closing()) {
                return;
            }
            TenantMeters meters = binding.meters();
            if (meters != null) {
                meters.request(command.sizeInBytes(), command.sizeInBytes() >= bigRequestBytes);
            }
            gate.offer(command);
        } finally {
            command.release();
        }
        if (replies.pending() >= maxInFlight) {
            throttle.hold(ReadThrottle.IN_FLIGHT);
        }
    }

    void refused(Refusal why) {
        binding.refused(why);
    }

    /** {@code USE <pool>}: this connection talks to another redis pool; {@code own}'s pool switches back. */
    void usePool(String pool, TenantConfig own) {
        binding.use(pool, own);
        connection.drop();
    }

    /** Writes a pushed message (pub/sub, invalidation) now; takes ownership of it. */
    private void push(ByteBuf message) {
        replies.push(message);
        output.check();
    }

    /** Replies (after everything already queued), then closes; later commands are ignored. */
    void closeAfter(ByteBuf reply) {
        status.closing();
        replies.addFinal(reply);
    }

    void closeAfter(String redisError) {
        closeAfter(RespReplies.error(client.alloc(), redisError));
    }

    /** Closes the connection at once, dropping what its client has not read; later commands are ignored. */
    void closeNow() {
        status.closing();
        client.channel().close();
    }

    /** Closes it at an operator's request (see {@link ClientView#kill}). */
    private void kill(String error) {
        if (!status.get().closing()) {
            closeAfter(error);
            // a blocked command's own connection is closed: its client learns now, not when the wait ends
            connection.drop();
        }
    }

    void clientWritabilityChanged() {
        if (client.channel().isWritable()) {
            throttle.release(ReadThrottle.CLIENT_UNWRITABLE);
            output.check();
            gate.clientWritable();
        } else {
            throttle.hold(ReadThrottle.CLIENT_UNWRITABLE);
        }
    }

    void closed() {
        if (status.get() != SessionState.CLOSED) {
            status.transitionTo(SessionState.CLOSED);
        }
        replies.close();
        output.close();
        connection.close();
        binding.leave();
        gate.close();
        dispatcher.closed();
    }

    private void onReplyArrived(int bytes) {
        output.replyArrived(bytes);
    }

    private void onRepliesWritten(int count) {
        gate.repliesWritten(replies.pending() == 0);
        if (replies.pending() <= maxInFlight / 2) {
            throttle.release(ReadThrottle.IN_FLIGHT);
        }
    }

    boolean holdsConnectionState() {
        return connection.holdsState();
    }

    boolean isAuthenticated() {
        return binding.bound();
    }

    SessionState state() {
        return status.get();
    }

    boolean subscribed() {
        return connection.pubsub().subscribed();
    }

    long id() {
        return client.id();
    }

    Channel channel() {
        return client.channel();
    }

    ProxyRuntime runtime() {
        return runtime;
    }

    String tenantName() {
        return binding.tenantName();
    }

    TenantMeters meters() {
        return binding.meters();
    }

    /** The pool the last command went to, for the slow log. */
    String poolName() {
        return dispatcher.poolName();
    }

    String remoteAddress() {
        return client.remoteAddress();
    }

    /** The name the client set, or "". */
    String clientName() {
        String name = client.clientName();
        return name == null ? "" : name;
    }
}
