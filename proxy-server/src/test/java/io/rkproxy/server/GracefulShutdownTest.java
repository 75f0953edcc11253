package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void closeStopsAcceptingLetsInFlightCommandsFinishThenCloses() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RunningProxy proxy = RunningProxy.start(RunningProxy.config(redis.address(),
                    "alice: {password: alice-secret, pool: cache, db: 1}"));
            int port = proxy.port();
            try (RespSocket c = new RespSocket(port)) {
                assertEquals("+OK", c.call("AUTH", "alice-secret"));
                redis.pause();
                c.send("SET", "k", "in-flight");
                CompletableFuture<Void> closing = CompletableFuture.runAsync(proxy::close);
                Thread.sleep(300);
                assertThrows(UncheckedIOException.class, () -> new RespSocket(port), "no longer accepting");
                redis.resume();
                assertEquals("+OK", c.read(), "the in-flight command finished");
                closing.get(10, TimeUnit.SECONDS);
                assertTrue(c.isClosedByServer());
            }
            try (RespSocket direct = new RespSocket(redis.port())) {
                direct.call("SELECT", "1");
                assertEquals("in-flight", direct.call("GET", "k"), "the write reached the backend");
            }
        }
    }

    /**
     * max-in-flight stops reading from a client, and answering lets it read again; once the drain has begun it must
     * not: the commands the client sent meanwhile are never executed, and it reads end of stream after the replies.
     */
    @Test
    void answeringDuringTheDrainDoesNotResumeReading() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RunningProxy proxy = RunningProxy.start(RunningProxy.withServerKeys(RunningProxy.config(redis.address(),
                    "alice: {password: alice-secret, pool: cache, db: 1}"), "max-in-flight: 4"));
            try (RespSocket c = new RespSocket(proxy.port())) {
                assertEquals("+OK", c.call("AUTH", "alice-secret"));
                redis.pause();
                for (int i = 0; i < 4; i++) {
                    c.send("SET", "read" + i, "v");
                }
                Thread.sleep(300);
                for (int i = 0; i < 4; i++) {
                    c.send("SET", "unread" + i, "v");
                }
                CompletableFuture<Void> closing = CompletableFuture.runAsync(proxy::close);
                Eventually.until(() -> proxy.server().runtime().draining(), "the drain has stopped reading");
                redis.resume();
                for (int i = 0; i < 4; i++) {
                    assertEquals("+OK", c.read(), "an in-flight command finished");
                }
                assertTrue(c.isClosedByServer(), "end of stream after the replies");
                closing.get(10, TimeUnit.SECONDS);
            }
            try (RespSocket direct = new RespSocket(redis.port())) {
                direct.call("SELECT", "1");
                assertEquals(":4", direct.call("DBSIZE"), "only the commands read before the drain were executed");
            }
        }
    }

    /** A blocked BLPOP would hold a stopping node for all of shutdown-timeout-ms: it is ended at once instead. */
    @Test
    void aBlockedCommandIsEndedWithAClearErrorWhenTheDrainBegins() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RunningProxy proxy = RunningProxy.start(RunningProxy.withServerKeys(RunningProxy.config(redis.address(),
                    "alice: {password: alice-secret, pool: cache, db: 1}"), "shutdown-timeout-ms: 20000"));
            try (RespSocket c = new RespSocket(proxy.port())) {
                assertEquals("+OK", c.call("AUTH", "alice-secret"));
                c.send("BLPOP", "jobs", "0");
                Thread.sleep(300);
                long start = System.nanoTime();
                CompletableFuture<Void> closing = CompletableFuture.runAsync(proxy::close);
                assertEquals("-UNBLOCKED the proxy node is shutting down: the blocking command ended without taking "
                        + "anything; retry it on another node", c.read());
                closing.get(10, TimeUnit.SECONDS);
                assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10,
                        "the node stopped long before its shutdown timeout");
                assertTrue(c.isClosedByServer());
            }
            try (RespSocket direct = new RespSocket(redis.port())) {
                direct.call("SELECT", "1");
                assertEquals(":1", direct.call("RPUSH", "jobs", "j1"));
                assertEquals(":1", direct.call("LLEN", "jobs"), "the ended BLPOP takes nothing");
            }
        }
    }
}
