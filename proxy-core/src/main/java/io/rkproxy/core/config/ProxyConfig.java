package io.rkproxy.core.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A complete, validated configuration snapshot. Immutable; replaced whole on reload. {@code pools} are the Redis
 * pools, {@code kafkaPools} the {@code type: kafka} ones; their names are distinct. {@code source} names where it
 * was read from; {@code server}, {@code admin} and {@code sourceConfig} come from the local file and take effect at
 * start only.
 */
public record ProxyConfig(String source, ServerConfig server, AdminConfig admin, SourceConfig sourceConfig,
                          Map<String, PoolConfig> pools, Map<String, KafkaPoolConfig> kafkaPools,
                          Map<String, TenantConfig> tenants) {

    public ProxyConfig {
        pools = Map.copyOf(pools);
        kafkaPools = Map.copyOf(kafkaPools);
        tenants = Map.copyOf(tenants);
    }

    public Optional<TenantConfig> tenant(String name) {
        return Optional.ofNullable(tenants.get(name));
    }

    public Optional<TenantConfig> defaultTenant() {
        return tenant(TenantConfig.DEFAULT_TENANT);
    }

    /**
     * The tenants whose {@code tls-identity} names one of a client certificate's {@code identities}: one when the
     * certificate authenticates, none when no tenant claims it, more when it names several tenants, which is no
     * authentication either.
     */
    public List<TenantConfig> tenantsByTlsIdentity(Collection<String> identities) {
        return tenants.values().stream()
                .filter(t -> t.tlsIdentities().stream().anyMatch(identities::contains))
                .sorted(Comparator.comparing(TenantConfig::name))
                .toList();
    }

    /** The {@code default} tenant when it has no password: clients are in without AUTH. */
    public Optional<TenantConfig> openDefaultTenant() {
        return defaultTenant().filter(t -> t.credentials().isEmpty());
    }
}
