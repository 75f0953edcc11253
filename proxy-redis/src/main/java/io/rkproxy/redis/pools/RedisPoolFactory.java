package io.rkproxy.redis.pools;

import io.netty.channel.EventLoopGroup;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.BackendPoolFactory;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.redis.StandalonePool;
import io.rkproxy.redis.cluster.ClusterPool;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates standalone and cluster Redis pools and waits briefly for each backend's metadata, so the first commands
 * work. It sits above both kinds, in a package of its own, so that {@code io.rkproxy.redis} (connections and the
 * standalone pool) never depends on {@code io.rkproxy.redis.cluster}, which builds on it.
 */
public final class RedisPoolFactory implements BackendPoolFactory {

    private static final Logger log = LoggerFactory.getLogger(RedisPoolFactory.class);

    @Override
    public BackendPool create(PoolConfig config, EventLoopGroup group) {
        return switch (config.type()) {
            case REDIS -> {
                StandalonePool pool = new StandalonePool(config, group);
                awaitReady(config, pool.start());
                yield pool;
            }
            case REDIS_CLUSTER -> {
                ClusterPool pool = new ClusterPool(config, group);
                awaitReady(config, pool.start());
                yield pool;
            }
            case KAFKA -> throw new IllegalArgumentException("pool '" + config.name() + "' is a kafka pool, which "
                    + "proxy-kafka serves");
        };
    }

    private static void awaitReady(PoolConfig config, CompletableFuture<?> ready) {
        Duration wait = config.connectTimeout().plus(config.responseTimeout());
        try {
            ready.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("pool '{}': backend not ready at start ({}); serving errors until it is",
                    config.name(), e.getCause() != null ? e.getCause().getMessage() : "timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
