package io.rkproxy.core.session;

import io.netty.channel.EventLoop;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.local.LocalCommands;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.policy.Admission;
import io.rkproxy.core.policy.Denial;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.route.ClientInfo;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.CommandRouter;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import io.rkproxy.core.route.PrefixedKeyspace;
import io.rkproxy.core.route.RouteResult;
import io.rkproxy.core.route.SessionLinks;
import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.core.runtime.ProxySnapshot;
import io.rkproxy.core.runtime.TenantPauses;
import java.util.Set;

/**
 * One command's way through a session, once the {@link CommandGate} lets it through: the {@link CommandContext} is
 * read, {@link Admission} counts it, the {@link CommandRouter} decides, and this acts on the decision. Used only from
 * the session's event loop.
 */
final class CommandDispatcher implements CommandGate.Dispatcher {

    /**
     * The commands Redis 7 flags {@code may_replicate}, which its COMMAND reply does not show: CLIENT PAUSE WRITE holds
     * them too.
     */
    private static final Set<String> MAY_REPLICATE = Set.of("publish", "spublish", "pfcount", "eval", "evalsha",
            "fcall", "script|load", "script|flush");

    private final ProxyRuntime runtime;
    private final ClientInfo client;
    private final SessionStatus status;
    private final TenantBinding binding;
    private final SessionLinks links;
    private final ReplyQueue replies;
    private final CommandRouter router;
    private final LocalContext local;
    private final TenantPauses pauses;
    /** Runs {@link CommandGate#pauseEnded} on the session's event loop; pauses tell sessions apart by it. */
    private Runnable wake;
    /** The tenant of the last command let through, for the slow log. */
    private TenantConfig lastTenant;

    CommandDispatcher(ProxyRuntime runtime, ClientInfo client, SessionStatus status, TenantBinding binding,
                      SessionLinks links, ReplyQueue replies, CommandRouter router, LocalContext local) {
        this.runtime = runtime;
        this.client = client;
        this.status = status;
        this.binding = binding;
        this.links = links;
        this.replies = replies;
        this.router = router;
        this.local = local;
        this.pauses = runtime.pauses();
    }

    @Override
    public CommandGate.Dispatch dispatch(RespCommand command, boolean admitted) {
        try {
            return dispatchTraced(command, admitted);
        } finally {
            replies.untrace();
        }
    }

    private CommandGate.Dispatch dispatchTraced(RespCommand command, boolean admitted) {
        SessionState state = status.get();
        if (state.closing()) {
            return CommandGate.Dispatch.DONE;
        }
        if (!state.acceptsCommands()) {
            return admitted ? CommandGate.Dispatch.WAIT_ADMITTED : CommandGate.Dispatch.WAIT;
        }
        LocalCommand localCommand = LocalCommands.get(command.name());
        boolean bound = binding.bound();
        if (!bound && (localCommand == null || !localCommand.allowedBeforeAuth())) {
            replies.reserve().onError(command.name().equals("exec") ? RespErrors.execAbort(RespErrors.NOAUTH)
                    : RespErrors.NOAUTH);
            return CommandGate.Dispatch.DONE;
        }
        CommandContext ctx = contextFor(command);
        if (bound && !ctx.authenticated()) {
            return CommandGate.Dispatch.DONE;
        }
        if (bound && heldByPause(command, ctx)) {
            return admitted ? CommandGate.Dispatch.WAIT_ADMITTED : CommandGate.Dispatch.WAIT;
        }
        if (bound && !admitted) {
            Denial denied = Admission.check(command, ctx.tenant(), ctx.meters(), ctx.arrivalNanos());
            if (denied != null) {
                refuse(denied.why(), denied.redisError());
                return CommandGate.Dispatch.DONE;
            }
        }
        client.ran(command.name(), ctx.arrivalNanos());
        lastTenant = ctx.tenant();
        replies.trace(command, ctx.spec(), ctx.arrivalNanos());
        RouteResult result = router.route(command, ctx, localCommand);
        CommandGate.Dispatch dispatch = act(result, command, ctx);
        if (runtime.monitors().active() && bound && result != RouteResult.WAIT
                && !(result instanceof RouteResult.Refuse)) {
            // after it ran, as in Redis: what the proxy refused is not shown, nor a RESET to the monitor it ends
            runtime.monitors().publish(ctx.tenant().name(), client.remoteAddress(), command, ctx.spec());
        }
        return dispatch;
    }

    /**
     * Whether the tenant's CLIENT PAUSE holds this command; the gate is then woken when the pause ends. As in Redis,
     * WRITE holds what writes or may replicate, and EXEC.
     */
    private boolean heldByPause(RespCommand command, CommandContext ctx) {
        String tenant = ctx.tenant().name();
        if (!pauses.paused(tenant)) {
            return false;
        }
        CommandSpec spec = ctx.spec() == null ? null : ctx.spec().resolve(command);
        boolean writes = command.name().equals("exec") || spec != null && (spec.isWrite()
                || spec.hasFlag("may_replicate") || MAY_REPLICATE.contains(spec.name()));
        return pauses.holds(tenant, writes, wake);
    }

    /** The gate this dispatcher's commands wait in: a pause that ends wakes it, on the session's event loop. */
    void attach(CommandGate gate) {
        EventLoop loop = client.channel().eventLoop();
        wake = () -> {
            if (!loop.isShuttingDown()) {
                loop.execute(gate::pauseEnded);
            }
        };
    }

    /** The session is gone: a pause no longer needs to wake it. */
    void closed() {
        pauses.forget(wake);
    }

    /**
     * The one read of the snapshot for {@code command}: its tenant, pool and spec. A removed or re-keyed tenant
     * leaves the tenant null, and the session closing.
     */
    CommandContext contextFor(RespCommand command) {
        ProxySnapshot snapshot = runtime.snapshot();
        return CommandContext.of(snapshot, binding.resolve(snapshot), binding.meters(), command.name(),
                runtime.nanoTime());
    }

    private CommandGate.Dispatch act(RouteResult result, RespCommand command, CommandContext ctx) {
        if (result == RouteResult.WAIT) {
            return CommandGate.Dispatch.WAIT_ADMITTED;
        }
        if (result instanceof RouteResult.Local l) {
            l.command().execute(local, ctx, command);
        } else if (result instanceof RouteResult.Refuse r) {
            refuse(r.why(), r.redisError());
        } else if (result instanceof RouteResult.Walk w) {
            status.transitionTo(SessionState.WALKING);
            PrefixedKeyspace.start(client, (sent, reply) -> router.forward(ctx, sent, reply), w.mode(), w.keys(),
                    replies.reserve(), () -> status.finish(SessionState.WALKING, binding.bound()));
        }
        return CommandGate.Dispatch.DONE;
    }

    /** Replies with an error, counted as {@code why} when not null; inside MULTI it dooms the transaction. */
    void refuse(Refusal why, String redisError) {
        if (why != null) {
            binding.refused(why);
        }
        if (links.inTransaction()) {
            links.failTransaction();
        }
        replies.reserve().onError(redisError);
    }

    /** The pool the last command went to, for the slow log. */
    String poolName() {
        return binding.poolName(lastTenant);
    }
}
