package io.rkproxy.core.route;


import io.netty.buffer.ByteBuf;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.PoolType;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Client-side caching: {@code CLIENT TRACKING ON|OFF [OPTIN|OPTOUT|NOLOOP]}, in RESP3 push mode only, on a pinned
 * connection of a dedicated standalone pool. REDIRECT would need another client's connection; BCAST would report
 * every key changed on the backend, other tenants' included.
 */
public final class Tracking {

    private final ClientInfo client;
    private final SessionLinks links;
    private final Consumer<ByteBuf> invalidations;

    public Tracking(ClientInfo client, SessionLinks links, Consumer<ByteBuf> invalidations) {
        this.client = client;
        this.links = links;
        this.invalidations = invalidations;
    }

    /**
     * Runs {@code CLIENT TRACKING ...}: the command goes on to the backend through {@code forward} with the reply
     * slot, or the slot gets the error.
     */
    public void execute(RespCommand command, CommandContext ctx, ReplyCallback reply,
                 BiConsumer<RespCommand, ReplyCallback> forward) {
        Optional<String> refused = refusal(command, ctx);
        if (refused.isPresent()) {
            reply.onError(refused.get());
            return;
        }
        if (command.argCount() >= 3 && command.argEqualsIgnoreCase(2, "on")) {
            Optional<String> capped = links.startTracking(ctx.tenant(), ctx.pool(), ctx.meters(),
                    client.protocol(), invalidations);
            if (capped.isPresent()) {
                reply.onError(capped.get());
                return;
            }
        } else if (command.argCount() >= 3 && command.argEqualsIgnoreCase(2, "off")) {
            links.stopTracking();
        }
        forward.accept(command.retain(), reply);
    }

    private Optional<String> refusal(RespCommand command, CommandContext ctx) {
        if (client.protocol() != Protocol.RESP3) {
            return Optional.of(RespErrors.notSupported("client|tracking", "only in RESP3 push mode (HELLO 3); "
                    + "REDIRECT is not available"));
        }
        for (int i = 3; i < command.argCount(); i++) {
            if (command.argEqualsIgnoreCase(i, "redirect") || command.argEqualsIgnoreCase(i, "bcast")) {
                return Optional.of(RespErrors.notSupported("client|tracking "
                        + command.argString(i).toLowerCase(Locale.ROOT), command.argEqualsIgnoreCase(i, "bcast")
                        ? "it would report other tenants' keys"
                        : "invalidations come to the tracking connection itself (RESP3 push)"));
            }
        }
        TenantConfig tenant = ctx.tenant();
        if (!tenant.hasRedisPool() || ctx.pool() == null) {
            return Optional.of(RespErrors.notSupported("client|tracking", "the tenant has no redis pool"));
        }
        if (ctx.pool().config().type() == PoolType.REDIS_CLUSTER) {
            return Optional.of(RespErrors.notSupported("client|tracking", "not on a cluster pool, where a session's "
                    + "keys live on many nodes"));
        }
        if (!ctx.dedicatedPool()) {
            return Optional.of(RespErrors.notSupported("client|tracking", "Redis tracks key names across all dbs, "
                    + "so invalidations would report other tenants' writes; only on a pool marked 'dedicated: true'"));
        }
        return Optional.empty();
    }

    /** Whether {@code CLIENT TRACKING ON} would take a pinned connection now, so must wait for earlier replies. */
    public boolean wouldPin(RespCommand command) {
        return command.argCount() >= 3 && command.argEqualsIgnoreCase(1, "tracking")
                && command.argEqualsIgnoreCase(2, "on") && !links.isPinned();
    }

    public boolean active() {
        return links.tracking();
    }
}
