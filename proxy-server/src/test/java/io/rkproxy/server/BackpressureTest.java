package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackpressureTest {

    static final int COMMANDS = 1_000_000;
    static final String VALUE = "x".repeat(100);

    @Test
    void millionCommandPipelineIntoAPausedBackendKeepsProxyMemoryBoundedAndLosesNothing() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RunningProxy proxy = RunningProxy.start(RunningProxy.config(redis.address(),
                     "alice: {password: alice-secret, pool: cache, db: 1}")
                     .replace("response-timeout-ms: 1000", "response-timeout-ms: 120000"));
             RespSocket client = new RespSocket(proxy.port())) {
            assertEquals("+OK", client.call("AUTH", "alice-secret"));
            assertEquals("+OK", client.call("SET", "warm", "up"));
            long baseline = usedDirectMemory();
            redis.pause();
            AtomicLong bytesSent = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(client.output(), bytesSent));
            long total = (long) COMMANDS * RespSocket.encode("SET", "k0000000", VALUE).length();
            try {
                long sentBefore;
                long sentAfter = bytesSent.get();
                do {
                    sentBefore = sentAfter;
                    Thread.sleep(500);
                    sentAfter = bytesSent.get();
                } while (sentAfter != sentBefore && !writer.isDone());
                long grown = usedDirectMemory() - baseline;
                assertTrue(!writer.isDone() && sentAfter < total / 4,
                        "the client is held back: sent " + sentAfter + " of " + total + " bytes");
                assertTrue(grown < 64L * 1024 * 1024, "proxy direct memory grew by " + grown + " bytes");
            } finally {
                redis.resume();
            }
            client.timeout(60_000);
            for (int i = 0; i < COMMANDS; i++) {
                String reply = client.read();
                if (!reply.equals("+OK")) {
                    assertEquals("+OK", reply, "reply #" + i);
                }
            }
            writer.get(60, TimeUnit.SECONDS);
            assertEquals(VALUE, client.call("GET", "k" + (COMMANDS - 1)));
        }
    }

    private static long usedDirectMemory() {
        return PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
    }

    private static void write(OutputStream raw, AtomicLong sent) {
        try {
            OutputStream out = new BufferedOutputStream(raw, 16 * 1024);
            for (int i = 0; i < COMMANDS; i++) {
                byte[] cmd = RespSocket.encode("SET", "k" + i, VALUE).getBytes(StandardCharsets.UTF_8);
                out.write(cmd);
                sent.addAndGet(cmd.length);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
