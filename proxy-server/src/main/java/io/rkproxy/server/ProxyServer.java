package io.rkproxy.server;

import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.BackendPoolFactory;
import io.rkproxy.core.backend.KafkaGateway;
import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.KafkaPoolConfig;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.config.ServerConfig;
import io.rkproxy.core.net.Transport;
import io.rkproxy.core.session.Authenticator;
import io.rkproxy.core.session.ProxyChannelInitializer;
import io.rkproxy.core.session.ProxyRuntime;
import io.rkproxy.core.session.ProxySnapshot;
import io.rkproxy.kafka.KafkaPool;
import io.rkproxy.redis.RedisPoolFactory;
import io.rkproxy.redis.RedisPoolProbe;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running proxy: the listening socket, the event loops, the pools. {@link #close()} stops it gracefully. */
public final class ProxyServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
    private static final WriteBufferWaterMark CLIENT_WATER_MARK =
            new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final EventLoopGroup group;
    private final ProxyRuntime runtime;
    private final Channel serverChannel;
    private volatile boolean closed;

    private ProxyServer(EventLoopGroup group, ProxyRuntime runtime, Channel serverChannel) {
        this.group = group;
        this.runtime = runtime;
        this.serverChannel = serverChannel;
    }

    /** Loads and validates the config file, connects the pools and starts listening. */
    public static ProxyServer start(Path configFile) throws ConfigException, InterruptedException {
        ProxyConfig config;
        try (RedisPoolProbe probe = RedisPoolProbe.open()) {
            config = new ConfigLoader(probe).load(configFile);
        }
        return start(config);
    }

    public static ProxyServer start(ProxyConfig config) throws InterruptedException {
        ServerConfig server = config.server();
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(server.ioThreads(), "rkproxy-io");
        BackendPoolFactory factory = new RedisPoolFactory();
        Map<String, BackendPool> pools = new LinkedHashMap<>();
        for (PoolConfig pool : config.pools().values()) {
            pools.put(pool.name(), factory.create(pool, group));
        }
        Map<String, KafkaGateway> kafkaPools = new LinkedHashMap<>();
        for (KafkaPoolConfig pool : config.kafkaPools().values()) {
            kafkaPools.put(pool.name(), KafkaPool.open(pool));
        }
        ProxyRuntime runtime = new ProxyRuntime(new ProxySnapshot(config, pools, kafkaPools),
                new Authenticator(server, Ticker.systemTicker()), Version.current(), NodeId.generate());
        group.scheduleAtFixedRate(runtime.meters()::sample, 1, 1, TimeUnit.SECONDS);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, CLIENT_WATER_MARK)
                    .childHandler(new ProxyChannelInitializer(runtime))
                    .bind(server.bind(), server.port()).sync().channel();
            log.info("rkproxy {} node {} listening on {} ({} transport, {} pools, {} tenants, config {})",
                    Version.current(), runtime.nodeId(), channel.localAddress(), transport.name().toLowerCase(), pools.size(), config.tenants().size(),
                    config.source());
            return new ProxyServer(group, runtime, channel);
        } catch (Exception e) {
            pools.values().forEach(BackendPool::close);
            kafkaPools.values().forEach(KafkaGateway::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    /** Stops accepting, stops reading, waits (bounded) for in-flight commands, then closes everything. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration timeout = runtime.server().shutdownTimeout();
        log.info("shutting down: waiting up to {} ms for in-flight commands", timeout.toMillis());
        serverChannel.close().syncUninterruptibly();
        runtime.snapshot().kafkaPools().values().forEach(KafkaGateway::stopConsuming);
        boolean drained = runtime.drain(timeout);
        if (!drained) {
            log.warn("shutdown: in-flight commands still outstanding after {} ms; closing anyway", timeout.toMillis());
        }
        runtime.clients().close().awaitUninterruptibly(timeout.toMillis());
        runtime.snapshot().pools().values().forEach(BackendPool::close);
        runtime.snapshot().kafkaPools().values().forEach(KafkaGateway::close);
        group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
        log.info("rkproxy stopped");
    }

    /** Blocks until the listening socket closes. */
    public void awaitClose() throws InterruptedException {
        serverChannel.closeFuture().sync();
    }
}
