package io.rkproxy.core.session;

import io.rkproxy.core.config.PasswordHash;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.config.TenantConfig;
import java.util.List;

/** How a session got into its tenant, and whether that still lets it in after a reload. */
sealed interface SessionCredential {

    /** The open default tenant let it in without a password. */
    SessionCredential OPEN_DEFAULT = new OpenDefault();

    /** Whether this credential, presented now, would let a session into tenant {@code tenant} of {@code config}. */
    boolean admits(ProxyConfig config, String tenant);

    /** A password AUTH, or the open default tenant when {@code hash} is null. */
    static SessionCredential of(PasswordHash hash) {
        return hash == null ? OPEN_DEFAULT : new Password(hash);
    }

    record Password(PasswordHash hash) implements SessionCredential {
        @Override
        public boolean admits(ProxyConfig config, String tenant) {
            return config.tenant(tenant).filter(t -> t.credentials().contains(hash)).isPresent();
        }
    }

    /** A client certificate with these identities; it admits only while exactly one tenant names them. */
    record Certificate(List<String> identities) implements SessionCredential {
        @Override
        public boolean admits(ProxyConfig config, String tenant) {
            List<TenantConfig> named = config.tenantsByTlsIdentity(identities);
            return named.size() == 1 && named.get(0).name().equals(tenant);
        }
    }

    record OpenDefault() implements SessionCredential {
        @Override
        public boolean admits(ProxyConfig config, String tenant) {
            return config.openDefaultTenant().filter(t -> t.name().equals(tenant)).isPresent();
        }
    }
}
