package io.rkproxy.core.local;

import io.rkproxy.core.backend.RewritingCallback;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.route.CommandContext;
import io.rkproxy.core.route.LocalCommand;
import io.rkproxy.core.route.LocalContext;
import io.rkproxy.core.runtime.ProxyRuntime;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code INFO [section ...]}: a {@code # Proxy} section about this node and the tenant, then the backend's text
 * cut down by {@link InfoText} to what the tenant may see, or whole on a dedicated pool. {@code INFO proxy} alone
 * does not reach the backend.
 */
final class InfoCommand implements LocalCommand {

    private static final Set<String> EVERYTHING = Set.of("all", "everything", "default");

    @Override
    public void execute(LocalContext session, CommandContext ctx, RespCommand command) {
        TenantConfig tenant = ctx.tenant();
        boolean proxy = command.argCount() == 1;
        boolean backend = command.argCount() == 1;
        for (int i = 1; i < command.argCount(); i++) {
            String section = command.argString(i).toLowerCase(Locale.ROOT);
            boolean all = EVERYTHING.contains(section);
            proxy |= all || section.equals("proxy");
            backend |= all || !section.equals("proxy");
        }
        String proxySection = proxy ? proxySection(session, tenant) : "";
        if (!backend) {
            session.reply(RespReplies.bulk(session.alloc(), proxySection.stripTrailing()));
            return;
        }
        // A tenant that shares a cluster has no db of its own to count: any node's keyspace line is everyone's.
        int db = tenant.hasKeyPrefix() ? -1 : tenant.db();
        // The tenant of a dedicated pool has the backend to itself, and reads all of it.
        boolean dedicated = ctx.dedicatedPool();
        session.forwardAsPoolUser(ctx, command.retain(), new RewritingCallback(session.reserve(), session,
                value -> value instanceof RespValue.Bulk bulk
                        ? new RespValue.Bulk((proxySection + (dedicated ? bulk.asString()
                                : InfoText.forTenant(bulk.asString(), db))).getBytes(StandardCharsets.UTF_8))
                        : value));
    }

    private static String proxySection(LocalContext session, TenantConfig tenant) {
        ProxyRuntime runtime = session.runtime();
        TenantMeters meters = runtime.meters().meters(tenant.name());
        return "# Proxy\r\n"
                + "rkproxy_version:" + runtime.version() + "\r\n"
                + "uptime_in_seconds:" + runtime.uptimeSeconds() + "\r\n"
                + "node_id:" + runtime.nodeId() + "\r\n"
                + "tenant:" + tenant.name() + "\r\n"
                + "tenant_connected_clients:" + meters.connections().get() + "\r\n"
                + "tenant_pinned_connections:" + meters.pinnedConnections().get() + "\r\n"
                + "tenant_instantaneous_ops_per_sec:" + meters.opsPerSecond() + "\r\n"
                + "tenant_total_commands_processed:" + meters.commands() + "\r\n"
                + "tenant_rejected_commands:" + meters.refusals() + "\r\n"
                + "\r\n";
    }
}
