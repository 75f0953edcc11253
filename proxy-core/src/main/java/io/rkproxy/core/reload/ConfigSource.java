package io.rkproxy.core.reload;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ProxyConfig;
import java.util.Optional;

/** Where pools and tenants come from: the local file, or ZooKeeper. */
public interface ConfigSource extends AutoCloseable {

    /** Where this source reads from, for logs and the console: {@code file conf/rkproxy.yaml}. */
    String describe();

    /** Reads the whole config now and validates it; never returns a partial config. */
    ProxyConfig load() throws ConfigException;

    /** Starts watching: {@code changed} is called, from any thread, whenever the config may have changed. */
    void watch(Runnable changed);

    /**
     * The fleet this node belongs to: with ZooKeeper, every node registered under the same root, this one
     * included once this call has registered it.
     */
    default Fleet fleet(FleetMember self) {
        return Fleet.of(self);
    }

    /** How the console changes a tenant in this source; empty when it cannot. */
    default Optional<TenantEditor> tenantEditor() {
        return Optional.empty();
    }

    /** Whether the store this source follows (ZooKeeper) can be reached now; empty for a source without one. */
    default Optional<Boolean> connected() {
        return Optional.empty();
    }

    @Override
    void close();
}
