package io.rkproxy.core.route;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.AclCategory;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.command.ConnectionEffect;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.policy.AccessPolicy;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.runtime.TenantScripts;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides where one command of an authenticated session goes, from its {@link CommandContext} and the session's
 * connection state: to the tenant's Kafka pool, to the proxy's own commands, to pub/sub, or to a backend link with
 * its arguments rewritten into the tenant's namespace. Sends what it forwards; the session acts on the rest.
 */
public final class CommandRouter {

    private final ClientInfo client;
    private final Replies replies;
    private final SessionLinks links;
    private final LinkSender sender;
    private final PubSubRoute pubsub;
    private final KafkaRoute kafka;
    private static final byte[] FLUSHDB = "FLUSHDB".getBytes(StandardCharsets.US_ASCII);

    private final LocalContext localContext;
    private final FunctionRoute functionRoute;
    private final DedicatedPoolRoute dedicatedRoute;
    private final TransactionRoute transactions;
    private final TenantNamespace namespace;

    public CommandRouter(ClientInfo client, Replies replies, ConnectionState connection,
                  Function<String, TenantScripts> scripts, LocalContext localContext) {
        this.localContext = localContext;
        this.client = client;
        this.replies = replies;
        this.links = connection.links();
        this.sender = connection.sender();
        this.pubsub = connection.pubsub();
        this.kafka = connection.kafka();
        this.functionRoute = new FunctionRoute(client, replies, sender, links);
        this.dedicatedRoute = new DedicatedPoolRoute(client, replies, sender, links);
        this.transactions = new TransactionRoute(client, replies, sender, links);
        this.namespace = new TenantNamespace(client, replies, connection, scripts, transactions);
    }

    private static final Set<String> MONITOR_MODE_COMMANDS = Set.of("ping", "quit", "reset");

    /** @param local the proxy's own command of this name, or null */
    public RouteResult route(RespCommand command, CommandContext ctx, LocalCommand local) {
        if (client.monitoring() && !MONITOR_MODE_COMMANDS.contains(command.name())) {
            return RouteResult.refuse("ERR Can't execute '" + command.name() + "': only PING / QUIT / RESET are"
                    + " allowed while monitoring");
        }
        if (pubsub.subscribed()) {
            RouteResult subscribed = pubsub.routeSubscribed(command, local);
            if (subscribed != null) {
                return subscribed;
            }
        }
        if (ctx.authenticated()) {
            RouteResult routed = kafka.route(command, ctx, links.inTransaction());
            if (routed != null) {
                return routed;
            }
        }
        if (local != null) {
            return routeLocal(command, ctx, local);
        }
        return routeToBackend(command, ctx);
    }

    private RouteResult routeLocal(RespCommand command, CommandContext ctx, LocalCommand local) {
        // Before the transaction's own rules: a RESET pipelined behind MULTI and its queued commands must not close
        // the pinned connection before their replies are in.
        if (local.waitsForEarlierReplies(localContext, command) && replies.pending() > 0) {
            return RouteResult.WAIT;
        }
        if (links.inTransaction()) {
            return queueInTransaction(command, ctx, local);
        }
        if (local.allowedBeforeAuth() || !ctx.tenant().hasRedisPool() || ctx.spec() == null) {
            return new RouteResult.Local(local);
        }
        // A tenant's deny and allow lists cover the commands the proxy answers too, as Redis's ACLs would.
        Optional<String> refused = AccessPolicy.checkRules(ctx.tenant(), ctx.spec(), command);
        return refused.isPresent() ? RouteResult.refuse(Refusal.NO_PERMISSION, refused.get())
                : new RouteResult.Local(local);
    }

    /**
     * Inside MULTI, PING and ECHO are queued by the backend like any command. SELECT 0 names the db the connection
     * is already in, so it is a no-op; UNWATCH stands in for it, being harmless there and answering +OK in EXEC's
     * reply as SELECT would (the tenant's connection may not SELECT).
     */
    private RouteResult queueInTransaction(RespCommand command, CommandContext ctx, LocalCommand local) {
        return switch (command.name()) {
            case "ping", "echo" -> routeToBackend(command, ctx);
            case "select" -> {
                if (command.argCount() == 2 && command.argString(1).equals("0")) {
                    transactions.queuedAsIs();
                    forward(ctx, RespCommand.of("UNWATCH"), replies.reserve());
                    yield RouteResult.FORWARDED;
                }
                yield RouteResult.refuse(RespErrors.DB_OUT_OF_RANGE);
            }
            case "quit", "reset" -> new RouteResult.Local(local);
            default -> RouteResult.refuse(RespErrors.notInTransaction(command.name()));
        };
    }

    private RouteResult routeToBackend(RespCommand command, CommandContext ctx) {
        BackendPool pool = ctx.pool();
        if (!ctx.ready()) {
            return RouteResult.refuse(notReady(ctx));
        }
        CommandSpec spec = ctx.spec();
        if (spec == null) {
            return RouteResult.refuse(Refusal.UNKNOWN_COMMAND, RespErrors.unknownCommand(command));
        }
        if (command.name().equals("flushall")) {
            return routeAsFlushDb(command, ctx);
        }
        CommandSpec effective = spec.resolve(command);
        if (effective == spec && !spec.subcommands().isEmpty() && command.argCount() >= 2) {
            // Redis's own first check, before arity and ACLs; also keeps a cluster's MULTI from queueing it
            return RouteResult.refuse(RespErrors.unknownSubcommand(command));
        }
        if (!effective.acceptsArgCount(command.argCount())) {
            return RouteResult.refuse(RespErrors.wrongArgs(effective.name()));
        }
        TenantConfig tenant = ctx.tenant();
        boolean dedicated = ctx.dedicatedPool();
        if (effective.name().equals("script|flush") && !dedicated) {
            return flushScripts(command, ctx);
        }
        Optional<String> refused = AccessPolicy.check(tenant, spec, command, ctx.metadata().tenantsConfined(),
                dedicated);
        if (refused.isPresent()) {
            return RouteResult.refuse(refused.get().startsWith("NOPERM") ? Refusal.NO_PERMISSION
                    : Refusal.NOT_SUPPORTED, refused.get());
        }
        if (dedicated && DedicatedPoolRoute.handles(spec.name(), effective.name())) {
            return dedicatedRoute.route(command, ctx, effective.name());
        }
        if (!dedicated && FunctionRoute.NAMESPACED.contains(effective.name())) {
            return functionRoute.route(command, ctx, effective.name(), namespace.functions(tenant));
        }
        boolean scriptKill = effective.name().equals("script|kill") || effective.name().equals("function|kill");
        if (transactions.queuesPublish(effective.name())) {
            return transactions.queuePublish(command, ctx);
        }
        if (links.inTransaction() && (scriptKill || effective.inCategory(AclCategory.PUBSUB))) {
            return RouteResult.refuse(RespErrors.notInTransaction(effective.name()));
        }
        if (effective.inCategory(AclCategory.PUBSUB)) {
            return pubsub.route(command, ctx);
        }
        if (scriptKill) {
            pool.killScript(client.channel().eventLoop(), command.retain(), replies.reserve());
            return RouteResult.FORWARDED;
        }
        KeyPrefix keys = namespace.keyPrefix(tenant);
        if (keys != null && PrefixedKeyspace.handles(command)) {
            return walk(command, tenant, keys);
        }
        if (links.inTransaction()) {
            Optional<String> notTransactional = pool.refusedInTransaction(command);
            if (notTransactional.isPresent()) {
                return RouteResult.refuse(notTransactional.get());
            }
        }
        ConnectionEffect effect = ConnectionEffect.of(spec, command);
        if (effect.needsPinnedConnection() && !links.isPinned()) {
            if (replies.pending() > 0) {
                return RouteResult.WAIT;
            }
            Optional<String> capped = links.pin(tenant, pool, ctx.meters(), client.protocol());
            if (capped.isPresent()) {
                return RouteResult.refuse(capped.get());
            }
        }
        BackendLink target = links.current(tenant, pool, client.protocol());
        if (sender.mustWaitToSwitch(target, replies.pending())) {
            return RouteResult.WAIT;
        }
        RouteResult aborted = transactions.abortIfDoomed(command, effect, target);
        if (aborted != null) {
            return aborted;
        }
        return namespace.rewriteAndSend(command, ctx, keys, effective, effect, target);
    }

    /**
     * FLUSHALL empties what the tenant sees, as FLUSHDB does (its db, or its keys on a cluster): everything else on
     * the backend is other tenants'. The tenant's own rules for FLUSHALL still apply, then those for FLUSHDB.
     */
    private RouteResult routeAsFlushDb(RespCommand flushAll, CommandContext ctx) {
        Optional<String> refused = AccessPolicy.checkRules(ctx.tenant(), ctx.spec(), flushAll);
        if (refused.isPresent()) {
            return RouteResult.refuse(Refusal.NO_PERMISSION, refused.get());
        }
        byte[][] args = new byte[flushAll.argCount()][];
        args[0] = FLUSHDB;
        for (int i = 1; i < args.length; i++) {
            args[i] = flushAll.argBytes(i);
        }
        RespCommand flushDb = RespCommand.of(args);
        try {
            return routeToBackend(flushDb, new CommandContext(ctx.snapshot(), ctx.tenant(), ctx.meters(), ctx.pool(),
                    ctx.metadata(), ctx.metadata().commands().find("flushdb"), ctx.arrivalNanos()));
        } finally {
            flushDb.release();
        }
    }

    /**
     * SCRIPT FLUSH [ASYNC|SYNC] forgets the tenant's own scripts only ({@link TenantScripts#flush}): the backend's
     * script cache is every tenant's.
     */
    private RouteResult flushScripts(RespCommand command, CommandContext ctx) {
        Optional<String> refused = AccessPolicy.checkRules(ctx.tenant(), ctx.spec(), command);
        if (refused.isPresent()) {
            return RouteResult.refuse(Refusal.NO_PERMISSION, refused.get());
        }
        if (links.inTransaction()) {
            return RouteResult.refuse(RespErrors.notInTransaction("script|flush"));
        }
        if (command.argCount() == 3 && !command.argEqualsIgnoreCase(2, "async")
                && !command.argEqualsIgnoreCase(2, "sync")) {
            return RouteResult.refuse("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        }
        namespace.scripts(ctx.tenant()).flush();
        replies.add(RespReplies.ok());
        return RouteResult.FORWARDED;
    }

    /** DBSIZE, RANDOMKEY and FLUSHDB of a tenant with a key prefix: the proxy walks the tenant's keys. */
    private RouteResult walk(RespCommand command, TenantConfig tenant, KeyPrefix keys) {
        if (links.inTransaction()) {
            return RouteResult.refuse("ERR '" + command.name() + "' cannot run inside MULTI for a tenant with a key "
                    + "prefix: the proxy answers it by scanning the tenant's keys");
        }
        if (command.name().equals("flushdb") && tenant.flushDb() == TenantConfig.PrefixedFlush.REFUSE) {
            return RouteResult.refuse(Refusal.NO_PERMISSION, "NOPERM FLUSHDB is refused for tenant '" + tenant.name()
                    + "' (flushdb: refuse): its keys share a cluster with other tenants'");
        }
        return new RouteResult.Walk(PrefixedKeyspace.mode(command), keys);
    }

    /** Sends a command the proxy makes to the tenant's backend; takes ownership of {@code command}. */
    public void forward(CommandContext ctx, RespCommand command, ReplyCallback callback) {
        if (ready(ctx, command, callback)) {
            sender.send(links.current(ctx.tenant(), ctx.pool(), client.protocol()), command, ConnectionEffect.NONE,
                    callback, false);
        }
    }

    /**
     * Sends a server-wide query (INFO) as the pool's own user, which the tenant's backend user may not run, not even
     * from a script; the caller cuts the reply down to what the tenant may see. Takes ownership of {@code command}.
     */
    public void forwardAsPoolUser(CommandContext ctx, RespCommand command, ReplyCallback callback) {
        if (ready(ctx, command, callback)) {
            sender.sendOnChannelLink(ctx.pool(), command, callback);
        }
    }

    /** Whether the tenant's pool can serve; if not, the command is released and the callback told why. */
    private static boolean ready(CommandContext ctx, RespCommand command, ReplyCallback callback) {
        if (!ctx.authenticated() || !ctx.ready()) {
            command.release();
            callback.onError(ctx.authenticated() ? notReady(ctx) : RespErrors.NOAUTH);
            return false;
        }
        return true;
    }

    /** Nothing goes to a backend before the pool knows its commands and how its connections are prepared. */
    private static String notReady(CommandContext ctx) {
        BackendPool pool = ctx.pool();
        if (pool == null) {
            return RespErrors.poolUnavailable(ctx.tenant().pool(), "the pool is not configured");
        }
        return pool.unavailableReason().orElseGet(() ->
                RespErrors.poolUnavailable(pool.config().name(), "the backend has not answered yet"));
    }
}
