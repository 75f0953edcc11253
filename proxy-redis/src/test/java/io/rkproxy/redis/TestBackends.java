package io.rkproxy.redis;

import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.PoolType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The pool and node of a backend connection under test, with no network, and such a connection. */
final class TestBackends {

    static final Address ADDRESS = new Address("10.0.0.1", 6379);
    static final PoolConfig POOL = new PoolConfig("cache", PoolType.REDIS, List.of(ADDRESS),
            Optional.empty(), Optional.empty(), 1, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(1),
            Optional.empty(), Duration.ofSeconds(10), Duration.ZERO, false, Optional.empty());

    private TestBackends() {
    }

    /** A connection to {@link #ADDRESS}, with no script time limit; {@code responseTimeoutMs} 0 for a pinned one. */
    static BackendConnection connection(long responseTimeoutMs, NodeStats node, Consumer<String> onClosed) {
        return new BackendConnection(POOL.name(), "node " + ADDRESS, TimeUnit.MILLISECONDS.toNanos(responseTimeoutMs),
                node, new ScriptBudget(POOL, ADDRESS, () -> {
                    throw new AssertionError("no script time limit, so no kill");
                }), onClosed);
    }
}
