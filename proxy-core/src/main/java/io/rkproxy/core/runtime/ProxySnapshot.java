package io.rkproxy.core.runtime;

import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.KafkaGateway;
import io.rkproxy.core.config.PasswordHash;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.config.TenantConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The config in force together with the pools built for it. Immutable and swapped whole; each command reads the
 * current one, so a change reaches live sessions at their next command.
 */
public final class ProxySnapshot {

    private final ProxyConfig config;
    private final Map<String, BackendPool> pools;
    private final Map<String, KafkaGateway> kafkaPools;
    private final Map<PasswordHash, TenantConfig> byPassword = new HashMap<>();

    public ProxySnapshot(ProxyConfig config, Map<String, BackendPool> pools, Map<String, KafkaGateway> kafkaPools) {
        this.config = config;
        this.pools = Map.copyOf(pools);
        this.kafkaPools = Map.copyOf(kafkaPools);
        for (TenantConfig t : config.tenants().values()) {
            t.credentials().hashes().forEach(p -> byPassword.put(p, t));
        }
    }

    public ProxyConfig config() {
        return config;
    }

    public Optional<TenantConfig> tenant(String name) {
        return config.tenant(name);
    }

    /** The tenant that has this password among its passwords, for {@code AUTH <password>}. */
    Optional<TenantConfig> tenantByPassword(PasswordHash password) {
        return Optional.ofNullable(byPassword.get(password));
    }

    public BackendPool pool(String name) {
        BackendPool pool = pools.get(name);
        if (pool == null) {
            throw new IllegalStateException("validated config names an unknown pool: " + name);
        }
        return pool;
    }

    public Map<String, BackendPool> pools() {
        return pools;
    }

    public KafkaGateway kafkaPool(String name) {
        KafkaGateway pool = kafkaPools.get(name);
        if (pool == null) {
            throw new IllegalStateException("validated config names an unknown kafka pool: " + name);
        }
        return pool;
    }

    public Map<String, KafkaGateway> kafkaPools() {
        return kafkaPools;
    }
}
