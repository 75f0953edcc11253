package io.rkproxy.core.session;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.config.KafkaAccess;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.TenantMeterRegistry;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.runtime.ProxySnapshot;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which tenant a session acts as: the one it authenticated as, checked against each snapshot so that a removed
 * tenant ends the session, and, for an admin tenant, the pool it switched to with USE. The binding also holds the
 * connection's place in the tenant's {@code max-connections}, and the credential it got in with. A reload that takes
 * that credential away (a password rotated out, a {@code tls-identity} removed or moved to another tenant, a password
 * given to the open default tenant) leaves the session open, as Redis's ACL SETUSER does, until an operator closes it
 * with {@code PROXY KILL TENANT <name> STALE}. Used from the session's event loop; the tenant's name and the
 * credential are read by CLIENT LIST and PROXY KILL on other loops.
 */
final class TenantBinding {

    private static final Logger log = LoggerFactory.getLogger(TenantBinding.class);

    private final long sessionId;
    private final TenantMeterRegistry registry;
    private final Consumer<String> revoked;

    private volatile String tenantName;
    private TenantMeters meters;
    /** Null while unbound. */
    private volatile SessionCredential credential;
    /** The pool an admin tenant switched this connection to with USE, and the tenant view it gives. */
    private String usedPool;
    private TenantConfig usedBase;
    private TenantConfig usedView;
    /** The last snapshot resolved against, and its answer: most commands find the same snapshot as the one before. */
    private ProxySnapshot resolvedIn;
    private TenantConfig resolved;

    /** @param revoked told the error to close the session with when its tenant is removed */
    TenantBinding(long sessionId, TenantMeterRegistry registry, Consumer<String> revoked) {
        this.sessionId = sessionId;
        this.registry = registry;
        this.revoked = revoked;
    }

    boolean bound() {
        return tenantName != null;
    }

    String tenantName() {
        return tenantName;
    }

    /** The bound tenant's meters; null while unbound. */
    TenantMeters meters() {
        return meters;
    }

    /** Counts a refusal against the bound tenant; nothing while unbound. */
    void refused(Refusal why) {
        if (meters != null) {
            meters.refused(why);
        }
    }

    /**
     * The tenant in force in {@code snapshot}, or null while unbound. When the tenant was removed since this session
     * authenticated, the session is told to close and this is null.
     */
    TenantConfig resolve(ProxySnapshot snapshot) {
        if (tenantName == null) {
            return null;
        }
        if (snapshot == resolvedIn) {
            return resolved;
        }
        resolved = resolveAnew(snapshot);
        resolvedIn = resolved == null ? null : snapshot;
        return resolved;
    }

    private TenantConfig resolveAnew(ProxySnapshot snapshot) {
        TenantConfig tenant = snapshot.tenant(tenantName).orElse(null);
        if (tenant == null) {
            log.info("closing session {} of removed tenant '{}'", sessionId, tenantName);
            revoked.accept(RespErrors.tenantRemoved(tenantName));
            return null;
        }
        // the meters outlive a snapshot: the tenant's threshold reaches them from whichever session sees it first
        meters.latencyEvents().threshold(tenant.latencyMonitorThresholdMs());
        return usedPool == null ? tenant : usedView(tenant, snapshot);
    }

    /** The admin tenant on the pool it chose with USE, while it is still an admin and the pool still exists. */
    private TenantConfig usedView(TenantConfig tenant, ProxySnapshot snapshot) {
        if (!tenant.admin() || !snapshot.pools().containsKey(usedPool)) {
            log.info("session {}: back on tenant '{}''s own pool: {}", sessionId, tenantName,
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

    /** {@code USE <pool>}: the tenant's own pool's name switches back. */
    void use(String pool, TenantConfig own) {
        usedPool = pool.equals(own.pool()) ? null : pool;
        usedBase = null;
        resolvedIn = null;
    }

    /** The pool this session's commands go to, for the slow log. */
    String poolName(TenantConfig tenant) {
        if (tenant == null) {
            return "";
        }
        return tenant.hasRedisPool() ? tenant.pool() : tenant.kafka().map(KafkaAccess::pool).orElse("");
    }

    /** What {@link #become} did. */
    enum Outcome { SAME_TENANT, NEW_TENANT, MAX_CONNECTIONS }

    /**
     * Whether the credential the session got in with no longer lets it into its tenant in {@code current}. False
     * while unbound. Safe from any thread.
     */
    boolean stale(ProxyConfig current) {
        String name = tenantName;
        SessionCredential with = credential;
        return name != null && with != null && !with.admits(current, name);
    }

    /**
     * Binds to {@code tenant}, which let the session in with {@code with}, counting this connection against its
     * {@code max-connections}.
     */
    Outcome become(TenantConfig tenant, SessionCredential with) {
        TenantMeters next = registry.meters(tenant.name());
        if (next == meters) {
            credential = with;
            resolvedIn = null;
            return Outcome.SAME_TENANT;
        }
        if (!next.connections().tryAcquire(tenant.maxConnections())) {
            next.refused(Refusal.MAX_CONNECTIONS);
            log.info("session {}: tenant '{}' has reached max-connections ({})", sessionId, tenant.name(),
                    tenant.maxConnections());
            return Outcome.MAX_CONNECTIONS;
        }
        leave();
        meters = next;
        tenantName = tenant.name();
        credential = with;
        resolvedIn = null;
        return Outcome.NEW_TENANT;
    }

    void leave() {
        if (meters != null) {
            meters.connections().release();
        }
        meters = null;
        tenantName = null;
        credential = null;
        usedPool = null;
        resolvedIn = null;
    }
}
