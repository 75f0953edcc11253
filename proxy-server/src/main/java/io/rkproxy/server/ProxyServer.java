package io.rkproxy.server;

import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.channel.EventLoopGroup;
import io.netty.util.internal.PlatformDependent;
import io.rkproxy.admin.AdminServer;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.KafkaGateway;
import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.MemoryFit;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.config.ServerConfig;
import io.rkproxy.core.net.CleanClose;
import io.rkproxy.core.net.Transport;
import io.rkproxy.core.reload.ConfigReloader;
import io.rkproxy.core.reload.ConfigSource;
import io.rkproxy.core.reload.Fleet;
import io.rkproxy.core.reload.FleetMember;
import io.rkproxy.core.reload.SnapshotFactory;
import io.rkproxy.core.runtime.Authenticator;
import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.core.runtime.ProxySnapshot;
import io.rkproxy.core.tls.ServerCertificates;
import io.rkproxy.kafka.KafkaPool;
import io.rkproxy.redis.RedisPoolProbe;
import io.rkproxy.redis.pools.RedisPoolFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running proxy: the listening socket, the event loops, the pools. {@link #close()} stops it gracefully. */
public final class ProxyServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

    private final EventLoopGroup group;
    private final ProxyRuntime runtime;
    private final ProxyAdmin admin;
    private final Listeners listeners;
    private final ConfigReloader reloader;
    private final AdminServer console;
    private final RedisPoolProbe probe;
    private volatile boolean closed;

    private ProxyServer(EventLoopGroup group, ProxyRuntime runtime, ProxyAdmin admin, Listeners listeners,
                        ConfigReloader reloader, AdminServer console, RedisPoolProbe probe) {
        this.group = group;
        this.runtime = runtime;
        this.admin = admin;
        this.listeners = listeners;
        this.reloader = reloader;
        this.console = console;
        this.probe = probe;
    }

    /**
     * Reads the local config file, loads pools and tenants from the source it names, connects the pools, starts
     * listening, and then follows the source for changes.
     */
    public static ProxyServer start(Path configFile) throws ConfigException, InterruptedException {
        RedisPoolProbe probe = RedisPoolProbe.open();
        ConfigSource source = null;
        try {
            source = ConfigSources.open(configFile, new ConfigLoader(probe));
            return start(source, source.load(), probe);
        } catch (ConfigException | RuntimeException e) {
            if (source != null) {
                source.close();
            }
            probe.close();
            throw e;
        }
    }

    private static ProxyServer start(ConfigSource source, ProxyConfig config, RedisPoolProbe probe)
            throws ConfigException, InterruptedException {
        ServerConfig server = config.server();
        ServerCertificates certificates = certificates(server);
        MemoryFit.warnings(server, PlatformDependent.maxDirectMemory()).forEach(log::warn);
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(server.ioThreads(), "rkproxy-io");
        SnapshotFactory snapshots = new SnapshotFactory(new RedisPoolFactory(), KafkaPool::open, group);
        ProxySnapshot snapshot = snapshots.build(config, null);
        ProxyRuntime runtime = new ProxyRuntime(snapshot, new Authenticator(server, Ticker.systemTicker()),
                Version.current(), NodeId.of(server));
        group.scheduleAtFixedRate(runtime.meters()::sample, 1, 1, TimeUnit.SECONDS);
        Listeners listeners = null;
        AtomicReference<ProxyAdmin> adminRef = new AtomicReference<>();
        try {
            listeners = Listeners.open(server, group, transport, runtime, adminRef::get, certificates);
            InetSocketAddress address = listeners.primary();
            ConfigReloader reloader = new ConfigReloader(source, snapshots, runtime,
                    config.sourceConfig().debounce());
            Fleet fleet = source.fleet(new FleetMember(runtime.nodeId(),
                    advertisedHost(server, address) + ":" + address.getPort(), Version.current(),
                    System.currentTimeMillis()));
            ProxyAdmin admin = new ProxyAdmin(runtime, reloader, fleet);
            adminRef.set(admin);
            AdminServer console = config.admin().enabled() ? AdminServer.start(config.admin(), admin, group) : null;
            if (console != null) {
                fleet.announceConsole(advertisedHost(server, console.address()) + ":" + console.port());
            }
            reloader.start();
            log.info("rkproxy {} node {} listening on {} ({} transport, {} pools, {} tenants, config from {}{})",
                    Version.current(), runtime.nodeId(), listeners.describe(), transport.name().toLowerCase(),
                    snapshot.pools().size() + snapshot.kafkaPools().size(), config.tenants().size(),
                    source.describe(), console == null ? "" : ", console on port " + console.port());
            return new ProxyServer(group, runtime, admin, listeners, reloader, console, probe);
        } catch (InterruptedException | RuntimeException e) {
            if (listeners != null) {
                listeners.close();
            }
            snapshot.pools().values().forEach(BackendPool::close);
            snapshot.kafkaPools().values().forEach(KafkaGateway::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static ServerCertificates certificates(ServerConfig server) throws ConfigException {
        if (server.tls().isEmpty()) {
            return null;
        }
        try {
            return ServerCertificates.load(server.tls().get());
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("server.tls: cannot load the certificate: " + e.getMessage());
        }
    }

    /** Where other machines reach this node: a wildcard bind address means nothing to them. */
    private static String advertisedHost(ServerConfig server, InetSocketAddress bound) {
        if (!server.advertiseHost().isEmpty()) {
            return server.advertiseHost();
        }
        if (!bound.getAddress().isAnyLocalAddress()) {
            return bound.getAddress().getHostAddress();
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            log.warn("cannot tell this machine's address ({}); set server.advertise-host", e.getMessage());
            return bound.getHostString();
        }
    }

    /** The plain port, or -1 when only TLS listens ({@code server.tls.plain: false}). */
    public int port() {
        return listeners.plainPort();
    }

    /** The TLS port, or -1 without {@code server.tls}. */
    public int tlsPort() {
        return listeners.tlsPort();
    }

    /** The facade the console and the PROXY commands render. */
    public ProxyAdmin admin() {
        return admin;
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    /** The console's port, or -1 when it is off. */
    public int adminPort() {
        return console == null ? -1 : console.port();
    }

    /**
     * Stops accepting, stops reading, waits (bounded) for in-flight commands, ends each client connection cleanly
     * ({@link CleanClose}), then closes everything.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration timeout = runtime.server().shutdownTimeout();
        log.info("shutting down: waiting up to {} ms for in-flight commands", timeout.toMillis());
        listeners.close();
        reloader.close();
        runtime.snapshot().kafkaPools().values().forEach(KafkaGateway::stopConsuming);
        boolean drained = runtime.drain(timeout);
        if (!drained) {
            log.warn("shutdown: in-flight commands still outstanding after {} ms; closing anyway", timeout.toMillis());
        }
        List.copyOf(runtime.clients()).stream().map(CleanClose::start).toList()
                .forEach(closed -> closed.awaitUninterruptibly(CleanClose.LINGER.toMillis() + 1_000));
        runtime.snapshot().pools().values().forEach(BackendPool::close);
        runtime.snapshot().kafkaPools().values().forEach(KafkaGateway::close);
        if (console != null) {
            console.close();
        }
        probe.close();
        group.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
        log.info("rkproxy stopped");
    }

    /** Blocks until the listening sockets close. */
    public void awaitClose() throws InterruptedException {
        listeners.awaitClose();
    }
}
