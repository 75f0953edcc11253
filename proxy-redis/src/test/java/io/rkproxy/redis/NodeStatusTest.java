package io.rkproxy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.rkproxy.core.backend.BackendNodeStatus;
import io.rkproxy.core.backend.BackendPool;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.config.PoolConfig;
import io.rkproxy.core.config.PoolType;
import io.rkproxy.core.net.Transport;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.redis.cluster.ClusterPool;
import io.rkproxy.testkit.RedisCluster;
import io.rkproxy.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A pool reports each backend node's health and load: connections, commands in flight, reconnects, latency. */
class NodeStatusTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    EventLoopGroup group;
    EventLoop loop;

    @BeforeEach
    void loop() {
        group = Transport.best().newGroup(1, "node-status-test");
        loop = group.next();
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void standaloneNodeIsUpWithItsLoadThenDownThenReconnected() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            StandalonePool pool = new StandalonePool(RedisPoolProbeTest.pool(redis.port(), Optional.empty()), group);
            try {
                pool.start().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                List<RespValue> replies = reply(send(pool, 100, "INCR", "counter"));
                assertEquals(new RespValue.Int(100), replies.get(99));

                redis.pause();
                CompletableFuture<List<RespValue>> unanswered = send(pool, 3, "INCR", "counter");
                awaitOnly(pool, s -> s.inFlight() >= 3, "commands in flight to the paused server");
                redis.resume();
                assertEquals(new RespValue.Int(103), reply(unanswered).get(2));

                BackendNodeStatus up = awaitOnly(pool, s -> s.latencyMicros() >= 0 && s.inFlight() == 0,
                        "a measured latency and every reply in");
                assertEquals(redis.address(), up.address());
                assertTrue(up.up(), up.toString());
                assertTrue(up.connections() >= 1, up.toString());
                assertEquals(Optional.empty(), up.error());
                assertEquals(0, up.reconnects());

                redis.kill();
                BackendNodeStatus down = awaitOnly(pool, s -> !s.up() && s.connections() == 0, "down");
                assertTrue(down.error().orElseThrow().contains("backend pool 'cache' is unavailable"),
                        down.toString());

                redis.restart();
                BackendNodeStatus back = awaitOnly(pool, BackendNodeStatus::up, "up again");
                assertTrue(back.reconnects() >= 1, back.toString());
                assertTrue(back.connections() >= 1, back.toString());
                assertEquals(Optional.empty(), back.error());
            } finally {
                pool.close();
            }
        }
    }

    @Test
    void clusterReportsEveryMaster() throws Exception {
        try (RedisCluster cluster = RedisCluster.start(3, 0)) {
            List<Address> seeds = cluster.seedAddresses().stream().map(s -> Address.parse(s).orElseThrow()).toList();
            ClusterPool pool = new ClusterPool(new PoolConfig("big", PoolType.REDIS_CLUSTER, seeds, Optional.empty(),
                    Optional.empty(), 1, Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(200),
                    Optional.empty(), Duration.ofSeconds(10), Duration.ZERO, false, Optional.empty()), group);
            try {
                pool.start().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertEquals(new RespValue.Int(0), reply(send(pool, 1, "DBSIZE")).get(0), "DBSIZE goes to every master");

                List<BackendNodeStatus> nodes = await(pool, all -> all.stream().allMatch(s -> s.latencyMicros() >= 0),
                        "a latency for every master");
                assertEquals(cluster.seedAddresses().stream().sorted().toList(),
                        nodes.stream().map(BackendNodeStatus::address).sorted().toList());
                for (BackendNodeStatus node : nodes) {
                    assertTrue(node.up(), node.toString());
                    assertTrue(node.connections() >= 1, node.toString());
                }
            } finally {
                pool.close();
            }
        }
    }

    /** Sends {@code times} copies of a command over one shared link, pipelined; completes with the replies. */
    private CompletableFuture<List<RespValue>> send(BackendPool pool, int times, String... command) {
        List<CompletableFuture<RespValue>> replies = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            replies.add(new CompletableFuture<>());
        }
        loop.execute(() -> {
            var link = pool.channelLink(loop, Protocol.RESP2, 1);
            for (CompletableFuture<RespValue> reply : replies) {
                link.send(RespCommand.of(command), new ReplyCallback() {
                    @Override
                    public void onReply(ByteBuf frame) {
                        reply.complete(RespValue.consume(frame));
                    }

                    @Override
                    public void onError(String redisError) {
                        reply.completeExceptionally(new IllegalStateException(redisError));
                    }
                });
            }
        });
        return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
                .thenApply(done -> replies.stream().map(CompletableFuture::join).toList());
    }

    private static List<RespValue> reply(CompletableFuture<List<RespValue>> replies) throws Exception {
        return replies.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static BackendNodeStatus awaitOnly(BackendPool pool, Predicate<BackendNodeStatus> condition,
                                               String what) throws InterruptedException {
        return await(pool, all -> all.size() == 1 && condition.test(all.get(0)), what).get(0);
    }

    private static List<BackendNodeStatus> await(BackendPool pool, Predicate<List<BackendNodeStatus>> condition,
                                                 String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<BackendNodeStatus> status;
        while (!condition.test(status = pool.nodeStatus())) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + WAIT + ": " + status.stream().map(BackendNodeStatus::toString)
                        .collect(Collectors.joining(", ")));
            }
            Thread.sleep(20);
        }
        return status;
    }
}
