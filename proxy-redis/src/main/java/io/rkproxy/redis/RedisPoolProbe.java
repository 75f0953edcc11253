package io.rkproxy.redis;

import io.netty.channel.EventLoopGroup;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.PoolProbe;
import io.rkproxy.core.net.Transport;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks a standalone backend {@code CONFIG GET databases} for config validation. Owns one small event loop. */
public final class RedisPoolProbe implements PoolProbe, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisPoolProbe.class);

    private final EventLoopGroup group;

    private RedisPoolProbe(EventLoopGroup group) {
        this.group = group;
    }

    public static RedisPoolProbe open() {
        return new RedisPoolProbe(Transport.best().newGroup(1, "rkproxy-probe"));
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Override
    public OptionalInt databases(PoolConfig pool) {
        RedisConnector connector = new RedisConnector(pool, Transport.of(group).socketChannel());
        long waitMs = pool.connectTimeout().plus(pool.responseTimeout()).toMillis();
        try {
            List<RespValue> replies = BackendQuery.run(connector, group.next(),
                    RespCommand.of("CONFIG", "GET", "databases")).get(waitMs, TimeUnit.MILLISECONDS);
            List<RespValue> pair = replies.get(0).items();
            return OptionalInt.of(Integer.parseInt(pair.get(1).asText()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        } catch (Exception e) {
            log.info("pool '{}': cannot ask the backend how many databases it has ({}); assuming 16",
                    pool.name(), e.getCause() != null ? e.getCause().getMessage() : e.toString());
            return OptionalInt.empty();
        }
    }
}
