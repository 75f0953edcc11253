package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RedisServer;
import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection the proxy ends after a last reply (QUIT, a protocol error, a removed tenant) ends cleanly: its client
 * can go on sending for a while without a reset, what it sends is never executed, and it reads every reply, then
 * end of stream. Closing a socket with unread input would make the kernel send a reset instead.
 */
class CleanCloseTest {

    private static RedisServer redis;
    private static RunningProxy proxy;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        proxy = RunningProxy.start(RunningProxy.config(redis.address(),
                "alice: {password: alice-secret, pool: cache, db: 1}"));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        redis.close();
    }

    @Test
    void aClientThatKeepsSendingAfterQuitReadsOkThenEndOfStream() throws Exception {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("+OK", c.call("AUTH", "alice-secret"));
            c.send("QUIT");
            for (int i = 0; i < 5; i++) {
                Thread.sleep(50);
                c.send("SET", "after-quit", "v"); // a reset would fail the second write at the latest
            }
            assertEquals("+OK", c.read());
            assertTrue(c.isClosedByServer(), "end of stream after the last reply");
        }
        try (RespSocket direct = new RespSocket(redis.port())) {
            direct.call("SELECT", "1");
            assertEquals("(nil)", direct.call("GET", "after-quit"), "nothing sent after QUIT was executed");
        }
    }
}
