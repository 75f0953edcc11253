package io.rkproxy.core.route;

import io.rkproxy.core.backend.BackendLink;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.CommandRewrite;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.command.ConnectionEffect;
import io.rkproxy.core.command.CopyDbOption;
import io.rkproxy.core.command.GeoRadiusRewrite;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.runtime.TenantFunctions;
import io.rkproxy.core.runtime.TenantScripts;
import java.util.function.Function;

/**
 * A session's tenant's namespace on a shared backend: its key prefix, its scripts and the names of its functions.
 * Puts a command into it (keys, scripts, functions, COPY's db option) and sends it, its reply owed the way back.
 */
final class TenantNamespace {

    private final ClientInfo client;
    private final Replies replies;
    private final LinkSender sender;
    private final SessionLinks links;
    private final Function<String, TenantScripts> scripts;
    private final TransactionRoute transactions;
    private KeyPrefix keyPrefix;
    private TenantFunctions functions;

    TenantNamespace(ClientInfo client, Replies replies, ConnectionState connection,
                    Function<String, TenantScripts> scripts, TransactionRoute transactions) {
        this.client = client;
        this.replies = replies;
        this.sender = connection.sender();
        this.links = connection.links();
        this.scripts = scripts;
        this.transactions = transactions;
    }

    /** Puts the command into the tenant's namespace (keys, scripts, COPY's db option) and sends it. */
    RouteResult rewriteAndSend(RespCommand command, CommandContext ctx, KeyPrefix keys, CommandSpec effective,
                               ConnectionEffect effect, BackendLink target) {
        // A db-confined tenant user may not COPY (its DB option reaches any db, from a script too): the proxy runs it.
        boolean unconfined = keys == null && command.name().equals("copy") && ctx.metadata().tenantsConfined();
        if (unconfined && links.inTransaction()) {
            return RouteResult.refuse("ERR 'copy' is not allowed inside a transaction by rkproxy on a pool where "
                    + "tenants are kept apart by db");
        }
        RespCommand outgoing;
        if (CopyDbOption.applies(command)) {
            CommandRewrite rewrite = CopyDbOption.rewrite(command);
            if (rewrite.error().isPresent()) {
                return RouteResult.refuse(rewrite.error().get());
            }
            outgoing = rewrite.command();
        } else if (keys != null && GeoRadiusRewrite.applies(command)) {
            CommandRewrite rewrite = GeoRadiusRewrite.rewrite(command);
            if (rewrite.error().isPresent()) {
                return RouteResult.refuse(rewrite.error().get());
            }
            outgoing = rewrite.command();
            CommandSpec sent = ctx.metadata().commands().find(outgoing.name());
            effective = sent == null ? effective : sent.resolve(outgoing);
        } else {
            outgoing = command.retain();
        }
        ReplyCallback slot = replies.reserve();
        // A dedicated pool's tenant has the script cache and the libraries to itself: they need no namespace.
        if (TenantScripts.handles(command) && !ctx.dedicatedPool()) {
            TenantScripts tenantScripts = scripts(ctx.tenant());
            RespCommand marked = tenantScripts.apply(outgoing);
            outgoing.release();
            outgoing = marked;
            slot = tenantScripts.replies(command, slot, client);
        } else if (TenantFunctions.calls(command) && !ctx.dedicatedPool()) {
            TenantFunctions own = functions(ctx.tenant());
            RespCommand named = own.fcall(outgoing);
            outgoing.release();
            outgoing = named;
            slot = FunctionReplies.errors(slot, client, own);
        }
        if (keys != null) {
            RespCommand prefixed = keys.apply(effective, outgoing);
            outgoing.release();
            outgoing = prefixed;
        }
        if (transactions.settles(effect)) {
            slot = transactions.owed(command, ctx, effect, keys, slot);
        } else if (keys != null) {
            slot = keys.stripping(command, slot, client);
        }
        sender.send(target, outgoing, effect, slot, unconfined);
        return RouteResult.FORWARDED;
    }

    TenantScripts scripts(TenantConfig tenant) {
        return scripts.apply(tenant.name());
    }

    /** The names of the tenant's functions on the backend. */
    TenantFunctions functions(TenantConfig tenant) {
        if (functions == null || !functions.tenant().equals(tenant.name())) {
            functions = new TenantFunctions(tenant.name());
        }
        return functions;
    }

    /** The tenant's key prefix, or null for a tenant kept apart by its db. */
    KeyPrefix keyPrefix(TenantConfig tenant) {
        if (!tenant.hasKeyPrefix()) {
            return null;
        }
        if (keyPrefix == null || !keyPrefix.prefix().equals(tenant.keyPrefix())) {
            keyPrefix = new KeyPrefix(tenant.keyPrefix());
        }
        return keyPrefix;
    }
}
