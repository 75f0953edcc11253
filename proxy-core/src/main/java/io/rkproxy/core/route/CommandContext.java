package io.rkproxy.core.route;

import io.rkproxy.core.backend.BackendMetadata;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.runtime.ProxySnapshot;

/**
 * What one command runs against, read once from one snapshot when the command is let through and handed down the
 * whole path: nothing after this reads the snapshot again, so a reload in between cannot split the command's view
 * (a tenant from the new config with a pool the old one named).
 *
 * @param tenant   the tenant in force, null before authentication or once the session is closing
 * @param meters   the tenant's meters, null with no tenant
 * @param pool     the tenant's redis pool, null for a tenant with only a Kafka pool
 * @param metadata the pool's commands and version, null until the pool has answered
 * @param spec     the command's spec on that pool, null when the pool does not know the command (or is not ready)
 */
public record CommandContext(ProxySnapshot snapshot, TenantConfig tenant, TenantMeters meters, BackendPool pool,
                             BackendMetadata metadata, CommandSpec spec, long arrivalNanos) {

    public static CommandContext of(ProxySnapshot snapshot, TenantConfig tenant, TenantMeters meters, String command,
                                    long arrivalNanos) {
        BackendPool pool = tenant != null && tenant.hasRedisPool() ? snapshot.pools().get(tenant.pool()) : null;
        BackendMetadata metadata = pool == null ? null : pool.metadata().orElse(null);
        CommandSpec spec = metadata == null ? null : metadata.commands().find(command);
        return new CommandContext(snapshot, tenant, meters, pool, metadata, spec, arrivalNanos);
    }

    public boolean authenticated() {
        return tenant != null;
    }

    /** Whether the tenant's redis pool serves it alone ({@code dedicated: true}), so what Redis shares is its own. */
    public boolean dedicatedPool() {
        return pool != null && pool.config().dedicated();
    }

    /** Whether the tenant's pool knows its commands and can take one. */
    public boolean ready() {
        return metadata != null;
    }
}
