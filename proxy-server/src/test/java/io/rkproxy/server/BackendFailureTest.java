package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackendFailureTest {

    @Test
    void deadBackendFailsFastNamingThePoolAndServingResumesWhenItIsBack() {
        try (RedisServer redis = RedisServer.start();
             RunningProxy proxy = RunningProxy.start(RunningProxy.config(redis.address(),
                     "alice: {password: alice-secret, pool: cache, db: 1}"));
             RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
            assertEquals("+OK", c.call("SET", "k", "before"));

            redis.kill();
            long start = System.nanoTime();
            String reply = c.call("GET", "k");
            long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(reply.startsWith("-ERR backend pool 'cache' is unavailable"), reply);
            assertTrue(elapsedMs < 2000, "failed within the timeouts, took " + elapsedMs + " ms");
            assertTrue(c.call("GET", "k").startsWith("-ERR backend pool 'cache'"), "still failing fast");

            redis.restart();
            String after = awaitReply(c, "+OK", "SET", "k", "after");
            assertEquals("+OK", after);
            assertEquals("after", c.call("GET", "k"));
        }
    }

    @Test
    void inFlightCommandsOnAStalledBackendGetAnErrorNotAHang() {
        try (RedisServer redis = RedisServer.start();
             RunningProxy proxy = RunningProxy.start(RunningProxy.config(redis.address(),
                     "alice: {password: alice-secret, pool: cache, db: 1}"));
             RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
            assertEquals("+OK", c.call("SET", "k", "v"));
            redis.pause();
            try {
                String reply = c.call("GET", "k");
                assertTrue(reply.startsWith("-ERR backend pool 'cache' is unavailable")
                        && reply.contains("no reply within 1000 ms"), reply);
            } finally {
                redis.resume();
            }
            assertEquals("v", awaitReply(c, "v", "GET", "k"));
        }
    }

    /** Retries a command for up to 5 s until it gives the expected reply, and returns the last reply. */
    private static String awaitReply(RespSocket c, String expected, String... command) {
        String reply = null;
        for (int i = 0; i < 100; i++) {
            reply = c.call(command);
            if (reply.equals(expected)) {
                return reply;
            }
            sleepQuietly(50);
        }
        return reply;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
