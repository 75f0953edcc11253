package io.rkproxy.redis;

import io.netty.channel.EventLoopGroup;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.BackendPoolFactory;
import io.rkproxy.core.config.PoolConfig;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates standalone Redis pools and waits briefly for each backend's metadata, so the first commands work. */
public final class RedisPoolFactory implements BackendPoolFactory {

    private static final Logger log = LoggerFactory.getLogger(RedisPoolFactory.class);

    @Override
    public BackendPool create(PoolConfig config, EventLoopGroup group) {
        StandalonePool pool = new StandalonePool(config, group);
        Duration wait = config.connectTimeout().plus(config.responseTimeout());
        try {
            pool.start().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("pool '{}': backend not ready at start ({}); serving errors until it is",
                    config.name(), e.getCause() != null ? e.getCause().getMessage() : "timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pool;
    }
}
