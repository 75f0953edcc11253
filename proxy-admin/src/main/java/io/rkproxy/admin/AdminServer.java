package io.rkproxy.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.config.AdminConfig;
import io.rkproxy.core.net.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP console of one node: the page at {@code /}, the JSON API under {@code /api/}, {@code /metrics} in the
 * Prometheus text format and {@code /health}.
 *
 * <p>With a token in the {@code admin:} config, every {@code /api/*} and {@code /metrics} request must carry
 * {@code Authorization: Bearer <token>}, or it gets 401 with {@code WWW-Authenticate: Bearer}. {@code /health}
 * answers anyone (200 serving, 503 draining), since probes send no headers and it holds no data. The page
 * and its script and style are served without the token, since they hold no data: the page asks for the token when
 * an API call gets 401 and keeps it in the browser tab's {@code sessionStorage}.
 */
public final class AdminServer implements AutoCloseable {

    /** Console requests carry no body beyond a few headers. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final int THREADS = 2;

    private final Channel channel;
    private final ChannelGroup connections;
    private final ExecutorService executor;
    private final ScheduledFuture<?> charting;

    private AdminServer(Channel channel, ChannelGroup connections, ExecutorService executor,
                        ScheduledFuture<?> charting) {
        this.channel = channel;
        this.connections = connections;
        this.executor = executor;
        this.charting = charting;
    }

    /** Starts listening on the configured address, on the proxy's event loops. */
    public static AdminServer start(AdminConfig config, ProxyAdmin admin, EventLoopGroup group)
            throws InterruptedException {
        Router router = new Router(new BearerAuth(config.token()));
        StaticFiles.addTo(router);
        ChartRecorder charts = new ChartRecorder(admin.runtime());
        ApiRoutes.addTo(router, admin, charts);
        TenantRoutes.addTo(router, admin);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, new DefaultThreadFactory("rkproxy-admin", true));
        ChannelGroup connections = new DefaultChannelGroup("admin", GlobalEventExecutor.INSTANCE);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(Transport.of(group).serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            connections.add(ch);
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                    new HttpObjectAggregator(MAX_REQUEST_BYTES), new AdminHandler(router, executor));
                        }
                    })
                    .bind(config.bind(), config.port()).sync().channel();
            charts.sample(System.currentTimeMillis());
            long step = ChartRecorder.STEP.toMillis();
            ScheduledFuture<?> charting = group.scheduleAtFixedRate(() -> charts.sample(System.currentTimeMillis()),
                    step, step, TimeUnit.MILLISECONDS);
            return new AdminServer(channel, connections, executor, charting);
        } catch (InterruptedException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    /** The port it listens on: the configured one, or the one picked for port 0. */
    public int port() {
        return address().getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops listening and closes open console connections; a reload in progress completes. */
    @Override
    public void close() {
        charting.cancel(false);
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
        executor.shutdown();
    }
}
