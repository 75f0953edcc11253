package io.rkproxy.core.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.BackendMetadata;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.AclCategory;
import io.rkproxy.core.command.CommandRewrite;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.command.ConnectionEffect;
import io.rkproxy.core.command.CopyDbOption;
import io.rkproxy.core.command.GeoRadiusRewrite;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.PasswordHash;
import io.rkproxy.core.config.PoolType;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.policy.AccessPolicy;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: who it is authenticated as, its name, and the path from each command to its reply. Every
 * method runs on the connection's event loop.
 */
public final class ClientSession {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    private static final Set<String> SUBSCRIBED_MODE_COMMANDS = Set.of("subscribe", "psubscribe", "ssubscribe",
            "unsubscribe", "punsubscribe", "sunsubscribe", "ping");
    static final AttributeKey<ClientSession> KEY = AttributeKey.valueOf("rkproxy.session");

    private final ProxyRuntime runtime;
    private final Channel channel;
    private final long id;
    private final ReplyQueue replies;
    private final OutputGuard output;
    private final ReadThrottle throttle;
    private final int maxInFlight;
    private final int bigRequestBytes;

    // Read by other sessions' CLIENT LIST and KILL, on other event loops.
    private volatile String tenantName;
    private volatile String clientName;
    private volatile String lastCommand = "NULL";
    private volatile long lastActiveNanos;
    private final long createdNanos;
    private TenantMeters meters;
    private PasswordHash authenticatedWith;
    private boolean closing;
    /** The pool an admin tenant switched this connection to with USE, and the tenant view it gives. */
    private String usedPool;
    private TenantConfig usedBase;
    private TenantConfig usedView;

    private final SessionLinks links;
    private final KafkaRoute kafka = new KafkaRoute(this);
    private final ArrayDeque<Parked> parked = new ArrayDeque<>();
    private BackendLink lastLink;
    private PubSubSession pubsub;
    // Read by CLIENT LIST on other event loops.
    private volatile Protocol protocol = Protocol.RESP2;
    private boolean unparking;
    /** The first parked command waits for the client to read (OutputGuard), not for earlier replies. */
    private boolean parkedForOutput;
    private KeyPrefix keyPrefix;
    /** A command the proxy answers later (in several backend steps, or an AUTH's delay) runs; later ones wait. */
    private boolean walking;

    ClientSession(ProxyRuntime runtime, Channel channel) {
        this.runtime = runtime;
        this.channel = channel;
        this.id = runtime.nextSessionId();
        this.replies = new ReplyQueue(channel, this::onRepliesWritten,
                new CommandMeter(this, runtime.server(), runtime.slowLog()), this::onReplyArrived);
        this.output = new OutputGuard(this, replies, runtime.server());
        this.bigRequestBytes = runtime.server().bigRequestBytes();
        this.throttle = new ReadThrottle(channel);
        this.maxInFlight = runtime.server().maxInFlight();
        this.createdNanos = runtime.nanoTime();
        this.lastActiveNanos = createdNanos;
        this.links = new SessionLinks(channel.eventLoop(), id);
        channel.attr(KEY).set(this);
        runtime.snapshot().config().openDefaultTenant().ifPresent(t -> {
            if (!becomeTenant(t)) {
                closeAfter(RespErrors.MAX_CLIENTS);
            }
        });
    }

    /** Handles one command; takes ownership of it. */
    void handle(RespCommand command) {
        try {
            if (closing) {
                return;
            }
            if (meters != null) {
                meters.request(command.sizeInBytes(), command.sizeInBytes() >= bigRequestBytes);
            }
            if (!parked.isEmpty()) {
                park(command, false);
            } else if (!output.admit()) {
                parkedForOutput = true;
                park(command, false);
            } else if (!dispatch(command, false)) {
                park(command, true);
            }
        } finally {
            command.release();
        }
        if (replies.pending() >= maxInFlight) {
            throttle.hold(ReadThrottle.IN_FLIGHT);
        }
    }

    /**
     * Runs a command, or returns false when it must wait: a command that moves the session from its shared to a
     * pinned connection waits until every earlier reply is in, so that nothing overtakes anything. Does not take
     * ownership of {@code command}.
     */
    private boolean dispatch(RespCommand command, boolean admitted) {
        try {
            return dispatchTraced(command, admitted);
        } finally {
            replies.untrace();
        }
    }

    private boolean dispatchTraced(RespCommand command, boolean admitted) {
        LocalCommand local = LocalCommands.get(command.name());
        if (tenantName == null && (local == null || !local.allowedBeforeAuth())) {
            replyError(RespErrors.NOAUTH);
            return true;
        }
        // looked up once per command: a reload between two lookups could otherwise split one command's view
        Optional<TenantConfig> tenant = tenantName == null ? Optional.empty() : tenant();
        if (meters != null && !admitted && !withinLimits(command, tenant)) {
            return true;
        }
        if (walking) {
            return false;
        }
        lastCommand = command.name();
        lastActiveNanos = runtime.nanoTime();
        replies.trace(command, lastActiveNanos);
        if (pubsub != null && !SUBSCRIBED_MODE_COMMANDS.contains(command.name()) && pubsub.leaving()) {
            // As in Redis, what follows the last unsubscribe runs outside subscribed mode, once it has ended.
            return false;
        }
        if (pubsub != null) {
            if (SUBSCRIBED_MODE_COMMANDS.contains(command.name())) {
                if (command.name().endsWith("subscribe") && !command.name().contains("un")
                        && command.argCount() < 2) {
                    replyError(RespErrors.wrongArgs(command.name()));
                } else {
                    pubsub.send(command);
                }
                return true;
            }
            if (protocol == Protocol.RESP2) {
                return dispatchSubscribed(command);
            }
        }
        if (tenant.isPresent() && kafka.route(tenant.get(), command)) {
            return true;
        }
        if (links.inTransaction() && local != null) {
            return queueInTransaction(local, command, tenant);
        }
        if (local != null) {
            if (local.waitsForEarlierReplies(this, command) && replies.pending() > 0) {
                return false;
            }
            if (local.allowedBeforeAuth() || localPermitted(command, tenant)) {
                local.execute(this, command);
            }
            return true;
        }
        return route(command, tenant);
    }

    /**
     * Inside MULTI, PING and ECHO are queued by the backend like any command. SELECT 0 names the db the connection
     * is already in, so it is a no-op; UNWATCH stands in for it, being harmless there and answering +OK in EXEC's
     * reply as SELECT would (the tenant's connection may not SELECT).
     */
    private boolean queueInTransaction(LocalCommand local, RespCommand command, Optional<TenantConfig> tenant) {
        switch (command.name()) {
            case "ping", "echo" -> {
                return route(command, tenant);
            }
            case "select" -> {
                if (command.argCount() == 2 && command.argString(1).equals("0")) {
                    forward(RespCommand.of("UNWATCH"), ConnectionEffect.NONE, replies.reserve());
                } else {
                    refuseInTransaction(RespErrors.DB_OUT_OF_RANGE);
                }
                return true;
            }
            case "quit", "reset" -> {
                local.execute(this, command);
                return true;
            }
            default -> {
                refuseInTransaction("ERR '" + command.name() + "' is not allowed inside a transaction by rkproxy");
                return true;
            }
        }
    }

    /** A tenant's deny and allow lists cover the commands the proxy answers too, as Redis's ACLs would. */
    private boolean localPermitted(RespCommand command, Optional<TenantConfig> tenant) {
        if (tenant.isEmpty()) {
            return false;
        }
        if (!tenant.get().hasRedisPool()) {
            return true;
        }
        Optional<String> refused = runtime.snapshot().pool(tenant.get().pool()).metadata()
                .flatMap(m -> m.commands().get(command.name()))
                .flatMap(spec -> AccessPolicy.checkRules(tenant.get(), spec, command));
        refused.ifPresent(error -> refuse(Refusal.NO_PERMISSION, error));
        return refused.isEmpty();
    }

    /** Counts the command and applies the tenant's request-size and rate limits; replies when one is hit. */
    private boolean withinLimits(RespCommand command, Optional<TenantConfig> tenant) {
        meters.command(command.name());
        if (tenant.isEmpty()) {
            return false;
        }
        int maxBytes = tenant.get().maxRequestBytes();
        if (maxBytes > 0 && command.sizeInBytes() > maxBytes) {
            refuse(Refusal.REQUEST_TOO_LARGE, RespErrors.requestTooLarge(command.sizeInBytes(), maxBytes));
            return false;
        }
        int perSecond = tenant.get().maxOpsPerSecond();
        if (perSecond > 0 && !meters.rateLimiter().tryAcquire(perSecond, runtime.nanoTime())) {
            refuse(Refusal.RATE_LIMITED, RespErrors.RATE_LIMITED);
            return false;
        }
        return true;
    }

    void refused(Refusal why) {
        if (meters != null) {
            meters.refused(why);
        }
    }

    private void refuse(Refusal why, String redisError) {
        meters.refused(why);
        refuseInTransaction(redisError);
    }

    private boolean route(RespCommand command, Optional<TenantConfig> tenant) {
        if (tenant.isEmpty()) {
            return true;
        }
        BackendPool pool = runtime.snapshot().pool(tenant.get().pool());
        Optional<BackendMetadata> metadata = pool.metadata();
        if (metadata.isEmpty()) {
            refuseInTransaction(notReady(pool));
            return true;
        }
        Optional<CommandSpec> spec = metadata.get().commands().get(command.name());
        if (spec.isEmpty()) {
            refuse(Refusal.UNKNOWN_COMMAND, RespErrors.unknownCommand(command));
            return true;
        }
        CommandSpec effective = spec.get().resolve(command);
        if (!effective.acceptsArgCount(command.argCount())) {
            refuseInTransaction(RespErrors.wrongArgs(effective.name()));
            return true;
        }
        Optional<String> refused = AccessPolicy.check(tenant.get(), spec.get(), command,
                metadata.get().tenantsConfined());
        if (refused.isPresent()) {
            refuse(refused.get().startsWith("NOPERM") ? Refusal.NO_PERMISSION : Refusal.NOT_SUPPORTED,
                    refused.get());
            return true;
        }
        if (effective.inCategory(AclCategory.PUBSUB)) {
            if (links.inTransaction()) {
                refuseInTransaction("ERR '" + effective.name() + "' is not allowed inside a transaction by rkproxy");
                return true;
            }
            return routePubSub(command, tenant.get(), pool);
        }
        if (effective.name().equals("script|kill") || effective.name().equals("function|kill")) {
            if (links.inTransaction()) {
                refuseInTransaction("ERR '" + effective.name() + "' is not allowed inside a transaction by rkproxy");
            } else {
                pool.killScript(channel.eventLoop(), command.retain(), replies.reserve());
            }
            return true;
        }
        KeyPrefix keys = keyPrefix(tenant.get());
        if (keys != null && PrefixedKeyspace.handles(command)) {
            return walkKeyspace(command, tenant.get(), keys);
        }
        ConnectionEffect effect = ConnectionEffect.of(spec.get(), command);
        if (effect.needsPinnedConnection() && !links.isPinned()) {
            if (replies.pending() > 0) {
                return false;
            }
            Optional<String> capped = links.pin(tenant.get(), pool, meters, protocol);
            if (capped.isPresent()) {
                replyError(capped.get());
                return true;
            }
        }
        BackendLink target = links.current(tenant.get(), pool, protocol);
        if (mustWaitToSwitch(target)) {
            return false;
        }
        if (effect == ConnectionEffect.ENDS_TRANSACTION && links.transactionFailed()
                && command.name().equals("exec")) {
            abortTransaction();
            return true;
        }
        // A db-confined tenant user may not COPY (its DB option reaches any db, from a script too): the proxy runs it.
        boolean unconfined = keys == null && command.name().equals("copy") && metadata.get().tenantsConfined();
        if (unconfined && links.inTransaction()) {
            refuseInTransaction("ERR 'copy' is not allowed inside a transaction by rkproxy on a pool where tenants are"
                    + " kept apart by db");
            return true;
        }
        RespCommand outgoing;
        if (CopyDbOption.applies(command)) {
            CommandRewrite rewrite = CopyDbOption.rewrite(command);
            if (rewrite.error().isPresent()) {
                refuseInTransaction(rewrite.error().get());
                return true;
            }
            outgoing = rewrite.command();
        } else if (keys != null && GeoRadiusRewrite.applies(command)) {
            CommandRewrite rewrite = GeoRadiusRewrite.rewrite(command);
            if (rewrite.error().isPresent()) {
                refuseInTransaction(rewrite.error().get());
                return true;
            }
            outgoing = rewrite.command();
            RespCommand sent = outgoing;
            effective = metadata.get().commands().get(sent.name()).map(s -> s.resolve(sent)).orElse(effective);
        } else {
            outgoing = command.retain();
        }
        ReplyCallback slot = replies.reserve();
        if (TenantScripts.handles(command)) {
            TenantScripts scripts = runtime.scripts(tenant.get().name());
            RespCommand marked = scripts.apply(outgoing);
            outgoing.release();
            outgoing = marked;
            slot = scripts.replies(command, slot, this);
        }
        if (keys != null) {
            RespCommand prefixed = keys.apply(effective, outgoing);
            outgoing.release();
            outgoing = prefixed;
            slot = keys.stripping(command, slot, this);
        }
        send(target, outgoing, effect, slot, unconfined);
        return true;
    }

    /** The tenant's key prefix, or null for a tenant kept apart by its db. */
    private KeyPrefix keyPrefix(TenantConfig tenant) {
        if (!tenant.hasKeyPrefix()) {
            return null;
        }
        if (keyPrefix == null || !keyPrefix.prefix().equals(tenant.keyPrefix())) {
            keyPrefix = new KeyPrefix(tenant.keyPrefix());
        }
        return keyPrefix;
    }

    /**
     * DBSIZE, RANDOMKEY and FLUSHDB of a tenant with a key prefix: the proxy walks the tenant's keys, and later
     * commands wait until it has answered.
     */
    private boolean walkKeyspace(RespCommand command, TenantConfig tenant, KeyPrefix keys) {
        if (links.inTransaction()) {
            refuseInTransaction("ERR '" + command.name() + "' cannot run inside MULTI for a tenant with a key "
                    + "prefix: the proxy answers it by scanning the tenant's keys");
            return true;
        }
        if (command.name().equals("flushdb") && tenant.flushDb() == TenantConfig.PrefixedFlush.REFUSE) {
            refuse(Refusal.NO_PERMISSION, "NOPERM FLUSHDB is refused for tenant '" + tenant.name()
                    + "' (flushdb: refuse): its keys share a cluster with other tenants'");
            return true;
        }
        walking = true;
        PrefixedKeyspace.start(this, PrefixedKeyspace.mode(command), keys, replies.reserve(), () -> walking = false);
        return true;
    }

    /** EXEC after the proxy refused a queued command: the backend's MULTI is discarded, the client told why. */
    private void abortTransaction() {
        forward(RespCommand.of("DISCARD"), ConnectionEffect.ENDS_TRANSACTION, ReplyCallback.DISCARD);
        replyError(RespErrors.EXECABORT);
    }

    /** Replies with an error; inside MULTI the refusal also dooms the transaction, as in Redis. */
    void refuseInTransaction(String redisError) {
        if (links.inTransaction()) {
            links.failTransaction();
        }
        replyError(redisError);
    }

    /** Sends a command to the tenant's backend; takes ownership of {@code command}. */
    void forward(RespCommand command, ReplyCallback callback) {
        forward(command, ConnectionEffect.NONE, callback);
    }

    private void forward(RespCommand command, ConnectionEffect effect, ReplyCallback callback) {
        readyPool(command, callback).ifPresent(ready ->
                send(links.current(ready.tenant(), ready.pool(), protocol), command, effect, callback, false));
    }

    /**
     * Sends a server-wide query (INFO) as the pool's own user, which the tenant's backend user may not run, not even
     * from a script; the caller cuts the reply down to what the tenant may see. Takes ownership of {@code command}.
     */
    void forwardAsPoolUser(RespCommand command, ReplyCallback callback) {
        readyPool(command, callback).ifPresent(ready -> sendOnChannelLink(ready.pool(), command, callback));
    }

    private record ReadyPool(TenantConfig tenant, BackendPool pool) {
    }

    /** The tenant and its pool once the pool can serve; else the command is released and the callback told why. */
    private Optional<ReadyPool> readyPool(RespCommand command, ReplyCallback callback) {
        Optional<TenantConfig> tenant = tenant();
        if (tenant.isEmpty()) {
            command.release();
            callback.onError(RespErrors.NOAUTH);
            return Optional.empty();
        }
        BackendPool pool = runtime.snapshot().pool(tenant.get().pool());
        if (pool.metadata().isEmpty()) {
            command.release();
            callback.onError(notReady(pool));
            return Optional.empty();
        }
        return Optional.of(new ReadyPool(tenant.get(), pool));
    }

    /**
     * Sends on the link the session's state chose; takes ownership of {@code command}.
     *
     * @param unconfined whether the command goes as the pool's user ({@link BackendLink#sendUnconfined})
     */
    private void send(BackendLink target, RespCommand command, ConnectionEffect effect, ReplyCallback callback,
                      boolean unconfined) {
        lastLink = target;
        if (unconfined) {
            target.sendUnconfined(command, links.sent(effect, callback));
        } else {
            target.send(command, links.sent(effect, callback));
        }
        if (!target.isWritable() && !throttle.isHeld(ReadThrottle.BACKEND_UNWRITABLE)) {
            throttle.hold(ReadThrottle.BACKEND_UNWRITABLE);
            target.whenWritable(() -> throttle.release(ReadThrottle.BACKEND_UNWRITABLE));
        }
    }

    /**
     * In RESP2's subscribed mode only what Redis allows there runs; everything else gets Redis's error, in order.
     * (A RESP3 session may run any command while subscribed, as in Redis 7.)
     */
    private boolean dispatchSubscribed(RespCommand command) {
        String name = command.name();
        if (name.equals("quit") || name.equals("reset")) {
            LocalCommands.get(name).execute(this, command);
        } else {
            replyError("ERR Can't execute '" + name + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
                    + "RESET are allowed in this context");
        }
        return true;
    }

    /**
     * Pub/sub outside subscribed mode. Channels are server-wide, so every channel name is put into the tenant's
     * namespace on the way in and taken out of replies; the commands travel as the pool's own user.
     */
    private boolean routePubSub(RespCommand command, TenantConfig tenant, BackendPool pool) {
        NamePrefix names = new NamePrefix(tenant.channelPrefix());
        String sub = command.argCount() > 1 ? command.argString(1).toLowerCase(Locale.ROOT) : "";
        switch (command.name()) {
            case "subscribe", "psubscribe", "ssubscribe" -> {
                if (replies.pending() > 0) {
                    return false;
                }
                pubsub = new PubSubSession(this, names, listener -> pool.subscribe(channel.eventLoop(), protocol,
                        listener));
                pubsub.send(command);
            }
            case "unsubscribe", "punsubscribe", "sunsubscribe" -> {
                int n = Math.max(1, command.argCount() - 1);
                ByteBuf out = alloc().buffer();
                for (int i = 0; i < n; i++) {
                    RespValue channelName = command.argCount() > 1
                            ? new RespValue.Bulk(command.argBytes(i + 1)) : RespValue.NULL;
                    RespValueEncoder.encodePush(new RespValue.Array(List.of(
                            new RespValue.Bulk(command.name().getBytes(StandardCharsets.US_ASCII)), channelName,
                            new RespValue.Int(0))), out, protocol);
                }
                reply(out);
            }
            case "publish", "spublish" -> {
                if (mustWaitToSwitch(channelLink(pool))) {
                    return false;
                }
                sendOnChannelLink(pool, withChannels(command, names, 1, 2), replies.reserve());
            }
            case "pubsub" -> {
                switch (sub) {
                    case "channels", "shardchannels" -> {
                        byte[] pattern = command.argCount() > 2 ? command.argBytes(2) : new byte[] {'*'};
                        RespCommand rewritten = RespCommand.of(command.argBytes(0), command.argBytes(1),
                                names.addToPattern(pattern));
                        sendOnChannelLink(pool, rewritten, ChannelReplies.stripNames(replies.reserve(), this, names, 1));
                    }
                    case "numsub", "shardnumsub" -> sendOnChannelLink(pool,
                            withChannels(command, names, 2, command.argCount()),
                            ChannelReplies.stripNames(replies.reserve(), this, names, 2));
                    case "numpat" -> sendOnChannelLink(pool, command.retain(), replies.reserve());
                    default -> replyError(RespErrors.unknownSubcommand(command));
                }
            }
            default -> sendOnChannelLink(pool, command.retain(), replies.reserve());
        }
        return true;
    }

    /** A copy of {@code command} with arguments {@code from} (inclusive) to {@code to} in the tenant's namespace. */
    private static RespCommand withChannels(RespCommand command, NamePrefix names, int from, int to) {
        byte[][] args = new byte[command.argCount()][];
        for (int i = 0; i < args.length; i++) {
            byte[] arg = command.argBytes(i);
            args[i] = i >= from && i < to ? names.add(arg) : arg;
        }
        return RespCommand.of(args);
    }

    private BackendLink channelLink(BackendPool pool) {
        return pool.channelLink(channel.eventLoop(), protocol, id);
    }

    private void sendOnChannelLink(BackendPool pool, RespCommand command, ReplyCallback callback) {
        BackendLink target = channelLink(pool);
        lastLink = target;
        target.send(command, callback);
    }

    /**
     * A command for another backend connection than the previous one waits until every earlier reply is in, so
     * that, say, a PUBLISH never overtakes the SET before it.
     */
    private boolean mustWaitToSwitch(BackendLink target) {
        return lastLink != null && lastLink != target && replies.pending() > 0;
    }

    /**
     * {@code CLIENT TRACKING ON|OFF [OPTIN|OPTOUT|NOLOOP]}, in RESP3 push mode only. REDIRECT would need another
     * client's connection; BCAST would report every key changed on the backend, other tenants' included.
     */
    void clientTracking(RespCommand command) {
        if (protocol != Protocol.RESP3) {
            replyError(RespErrors.notSupported("client|tracking", "only in RESP3 push mode (HELLO 3); "
                    + "REDIRECT is not available"));
            return;
        }
        for (int i = 3; i < command.argCount(); i++) {
            if (command.argEqualsIgnoreCase(i, "redirect") || command.argEqualsIgnoreCase(i, "bcast")) {
                replyError(RespErrors.notSupported("client|tracking " + command.argString(i).toLowerCase(Locale.ROOT),
                        command.argEqualsIgnoreCase(i, "bcast") ? "it would report other tenants' keys"
                                : "invalidations come to the tracking connection itself (RESP3 push)"));
                return;
            }
        }
        Optional<TenantConfig> tenant = tenant();
        if (tenant.isEmpty()) {
            return;
        }
        if (!tenant.get().hasRedisPool()) {
            replyError(RespErrors.notSupported("client|tracking", "the tenant has no redis pool"));
            return;
        }
        BackendPool pool = runtime.snapshot().pool(tenant.get().pool());
        if (pool.config().type() == PoolType.REDIS_CLUSTER) {
            replyError(RespErrors.notSupported("client|tracking", "not on a cluster pool, where a session's keys "
                    + "live on many nodes"));
            return;
        }
        if (!pool.config().dedicated()) {
            replyError(RespErrors.notSupported("client|tracking", "Redis tracks key names across all dbs, so "
                    + "invalidations would report other tenants' writes; only on a pool marked 'dedicated: true'"));
            return;
        }
        if (command.argCount() >= 3 && command.argEqualsIgnoreCase(2, "on")) {
            Optional<String> capped = links.startTracking(tenant.get(), pool, meters, protocol, this::push);
            if (capped.isPresent()) {
                replyError(capped.get());
                return;
            }
        } else if (command.argCount() >= 3 && command.argEqualsIgnoreCase(2, "off")) {
            links.stopTracking();
        }
        forward(command.retain(), replies.reserve());
    }

    /** Whether CLIENT TRACKING ON would take a pinned connection now. */
    boolean wouldPinForTracking(RespCommand command) {
        return command.argCount() >= 3 && command.argEqualsIgnoreCase(1, "tracking")
                && command.argEqualsIgnoreCase(2, "on") && !links.isPinned();
    }

    boolean tracking() {
        return links.tracking();
    }

    /** Called by {@link PubSubSession} when subscribed mode ends; {@code error} when the backend dropped it. */
    void subscribedModeEnded(String error) {
        if (error != null) {
            log.info("session {}: subscriber connection lost: {}", id, error);
        }
        pubsub = null;
    }

    /** Writes a pushed pub/sub message now; takes ownership of it. */
    void push(ByteBuf message) {
        replies.push(message);
        output.check();
    }

    boolean subscribed() {
        return pubsub != null;
    }

    /** Nothing goes to a backend before the pool knows its commands and how its connections are prepared. */
    private static String notReady(BackendPool pool) {
        return pool.unavailableReason().orElseGet(() ->
                RespErrors.poolUnavailable(pool.config().name(), "the backend has not answered yet"));
    }

    /** A command waiting for earlier replies; {@code admitted} once the tenant's limits have counted it. */
    private record Parked(RespCommand command, boolean admitted) {
    }

    private void park(RespCommand command, boolean admitted) {
        parked.add(new Parked(command.retain(), admitted));
        throttle.hold(ReadThrottle.PARKED);
    }

    /**
     * Runs parked commands, in order, for as long as none has to wait again. A parked command answered at once
     * drains the reply queue, which calls back here; that nested call must leave the queue to this one.
     */
    private void unpark() {
        if (unparking) {
            return;
        }
        unparking = true;
        try {
            Parked next;
            while (!closing && (next = parked.peek()) != null) {
                parkedForOutput = !output.admit();
                if (parkedForOutput) {
                    return;
                }
                if (!dispatch(next.command(), next.admitted())) {
                    parked.poll();
                    parked.addFirst(new Parked(next.command(), true));
                    return;
                }
                parked.poll().command().release();
            }
            throttle.release(ReadThrottle.PARKED);
        } finally {
            unparking = false;
        }
    }

    /**
     * The tenant in force for this session, from the current snapshot. Closes the session if the tenant was removed
     * or its password changed since this session authenticated.
     */
    Optional<TenantConfig> tenant() {
        if (tenantName == null) {
            return Optional.empty();
        }
        Optional<TenantConfig> tenant = runtime.snapshot().tenant(tenantName);
        if (tenant.isEmpty()) {
            log.info("closing session {} of removed tenant '{}'", id, tenantName);
            closeAfter(RespErrors.tenantRemoved(tenantName));
            return tenant;
        }
        PasswordHash password = tenant.get().password().orElse(null);
        if (password != authenticatedWith && !Objects.equals(password, authenticatedWith)) {
            log.info("closing session {}: the password of tenant '{}' changed", id, tenantName);
            closeAfter(RespErrors.passwordChanged(tenantName));
            return Optional.empty();
        }
        authenticatedWith = password;
        return usedPool == null ? tenant : Optional.of(usedView(tenant.get()));
    }

    /** The admin tenant on the pool it chose with USE, while it is still an admin and the pool still exists. */
    private TenantConfig usedView(TenantConfig tenant) {
        if (!tenant.admin() || !runtime.snapshot().pools().containsKey(usedPool)) {
            log.info("session {}: back on tenant '{}''s own pool: {}", id, tenantName,
                    tenant.admin() ? "pool '" + usedPool + "' is gone" : "the tenant is no longer an admin");
            usedPool = null;
            return tenant;
        }
        if (tenant != usedBase) {
            usedBase = tenant;
            usedView = tenant.onPool(usedPool);
        }
        return usedView;
    }

    /** {@code USE <pool>}: this connection talks to another redis pool; its own pool's name switches back. */
    void usePool(String pool) {
        boolean own = runtime.snapshot().tenant(tenantName).map(t -> pool.equals(t.pool())).orElse(false);
        usedPool = own ? null : pool;
        usedBase = null;
        links.reset();
        lastLink = null;
    }

    /** The tenant in force when it is an admin; otherwise the command is refused with NOPERM and this is empty. */
    Optional<TenantConfig> adminTenant(RespCommand command) {
        Optional<TenantConfig> tenant = tenant();
        if (tenant.isPresent() && !tenant.get().admin()) {
            refuse(Refusal.NO_PERMISSION, RespErrors.noPermission(command.name()));
            return Optional.empty();
        }
        return tenant;
    }

    /** Whether the session holds state on its backend connection that a switch of pool would break. */
    boolean holdsConnectionState() {
        return links.isPinned() || links.tracking() || pubsub != null;
    }

    /** The pool this session's commands go to now, for the slow log. */
    String poolName() {
        if (usedPool != null) {
            return usedPool;
        }
        return runtime.snapshot().tenant(tenantName)
                .map(t -> t.hasRedisPool() ? t.pool() : t.kafka().map(KafkaAccess::pool).orElse(""))
                .orElse("");
    }

    /**
     * Authenticates this session, then runs {@code then} with the error to reply with, or empty on success. An AUTH
     * the {@link Authenticator} delays waits on a timer, and nothing after it runs meanwhile.
     */
    void authenticate(Optional<String> username, byte[] password, Consumer<Optional<String>> then) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        InetAddress from = remote == null ? null : ClientAddress.of(remote.getAddress());
        Duration delay = runtime.authenticator().delay(runtime.snapshot(), username, from);
        if (delay.isZero()) {
            then.accept(authenticate(username, password, from));
            return;
        }
        walking = true;
        InputPause.run(channel, throttle, delay, () -> {
            walking = false;
            then.accept(closing ? Optional.of(RespErrors.CLOSING) : authenticate(username, password, from));
        });
    }

    private Optional<String> authenticate(Optional<String> username, byte[] password, InetAddress from) {
        Authenticator.Result result = runtime.authenticator().authenticate(runtime.snapshot(), username, password,
                from);
        if (result.tenant().isEmpty()) {
            log.info("session {} from {}: AUTH refused: {}", id, channel.remoteAddress(), result.error());
            return Optional.of(result.error());
        }
        if (!becomeTenant(result.tenant().get())) {
            return Optional.of(RespErrors.MAX_CLIENTS);
        }
        ProxyChannelInitializer.authenticated(channel, runtime.server());
        return Optional.empty();
    }

    /** Counts this connection against the tenant's {@code max-connections}; false when that is reached. */
    private boolean becomeTenant(TenantConfig tenant) {
        TenantMeters next = runtime.meters().meters(tenant.name());
        if (next == meters) {
            authenticatedWith = tenant.password().orElse(null);
            return true;
        }
        if (!next.connections().tryAcquire(tenant.maxConnections())) {
            next.refused(Refusal.MAX_CONNECTIONS);
            log.info("session {}: tenant '{}' has reached max-connections ({})", id, tenant.name(),
                    tenant.maxConnections());
            return false;
        }
        if (meters != null) {
            dropConnectionState();
        }
        leaveTenant();
        meters = next;
        tenantName = tenant.name();
        authenticatedWith = tenant.password().orElse(null);
        return true;
    }

    /** Subscriptions, transactions, watches and tracking belong to one tenant's connection: a new tenant starts clean. */
    private void dropConnectionState() {
        if (pubsub != null) {
            pubsub.close();
        }
        kafka.close();
        links.reset();
        lastLink = null;
    }

    private void leaveTenant() {
        if (meters != null) {
            meters.connections().release();
        }
        meters = null;
        tenantName = null;
        usedPool = null;
    }

    TenantMeters meters() {
        return meters;
    }

    /** The client's address as CLIENT LIST shows it. */
    String remoteAddress() {
        return String.valueOf(channel.remoteAddress()).replaceFirst("^/", "");
    }

    boolean isAuthenticated() {
        return tenantName != null;
    }

    /** Back to a fresh connection's state: the open default tenant if there is one, else unauthenticated. */
    void reset() {
        dropConnectionState();
        protocol = Protocol.RESP2;
        clientName = null;
        leaveTenant();
        runtime.snapshot().config().openDefaultTenant().ifPresent(t -> {
            if (!becomeTenant(t)) {
                closeAfter(RespErrors.MAX_CLIENTS);
            }
        });
        if (!isAuthenticated()) {
            ProxyChannelInitializer.unauthenticatedAgain(channel, runtime);
        }
    }

    long id() {
        return id;
    }

    /** This session as one line of CLIENT LIST. */
    String describe() {
        return ClientInfoLine.format(this, runtime.nanoTime());
    }

    String tenantName() {
        return tenantName;
    }

    Channel channel() {
        return channel;
    }

    long ageSeconds(long nowNanos) {
        return java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(nowNanos - createdNanos);
    }

    long idleSeconds(long nowNanos) {
        return java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(nowNanos - lastActiveNanos);
    }

    String lastCommand() {
        return lastCommand;
    }

    boolean inTransaction() {
        return links.inTransaction();
    }

    Protocol protocol() {
        return protocol;
    }

    void protocol(Protocol protocol) {
        this.protocol = protocol;
    }

    String clientName() {
        return clientName;
    }

    void clientName(String name) {
        this.clientName = name;
    }

    ProxyRuntime runtime() {
        return runtime;
    }

    ByteBufAllocator alloc() {
        return channel.alloc();
    }

    void reply(ByteBuf reply) {
        replies.add(reply);
    }

    void replyError(String redisError) {
        replies.reserve().onError(redisError);
    }

    ReplyCallback reserve() {
        return replies.reserve();
    }

    /** Replies (after everything already queued), then closes; later commands are ignored. */
    void closeAfter(ByteBuf reply) {
        closing = true;
        replies.addFinal(reply);
    }

    void closeAfter(String redisError) {
        closeAfter(io.rkproxy.core.resp.RespReplies.error(channel.alloc(), redisError));
    }

    /** Closes the connection at once, dropping what its client has not read; later commands are ignored. */
    void closeNow() {
        closing = true;
        channel.close();
    }

    boolean isIdle() {
        return replies.pending() == 0;
    }

    void clientWritabilityChanged() {
        if (channel.isWritable()) {
            throttle.release(ReadThrottle.CLIENT_UNWRITABLE);
            output.check();
            if (parkedForOutput) {
                unpark();
            }
        } else {
            throttle.hold(ReadThrottle.CLIENT_UNWRITABLE);
        }
    }

    void closed() {
        closing = true;
        replies.close();
        output.close();
        if (pubsub != null) {
            pubsub.close();
        }
        links.close();
        kafka.close();
        leaveTenant();
        parked.forEach(p -> p.command().release());
        parked.clear();
    }

    private void onReplyArrived(int bytes) {
        output.replyArrived(bytes);
    }

    private void onRepliesWritten(int count) {
        if (!parked.isEmpty() && (replies.pending() == 0 || parkedForOutput)) {
            unpark();
        }
        if (replies.pending() <= maxInFlight / 2) {
            throttle.release(ReadThrottle.IN_FLIGHT);
        }
    }
}
