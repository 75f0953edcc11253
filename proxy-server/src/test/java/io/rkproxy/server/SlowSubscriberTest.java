package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.testkit.RespSocket;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Subscribers that never read, with Redis's pubsub output limits (32 MB hard, 8 MB soft for 60 s) by default. */
class SlowSubscriberTest {

    static final long MB = 1024 * 1024;

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password: bob-secret, pool: cache, db: 2}");

    @Test
    void aSubscriberThatDoesNotReadIsDisconnectedAloneAtTheHardLimit() {
        TenantMeters alice = proxy.runtime().meters().meters("alice");
        try (RespSocket subscriber = proxy.login("alice-secret"); RespSocket publisher = proxy.login("alice-secret");
             RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("subscribe\nnews\n:1", subscriber.call("SUBSCRIBE", "news"));
            assertEquals("+OK", bob.call("SET", "k", "v"));
            long closedBefore = alice.refusals(Refusal.OUTPUT_BUFFER_LIMIT);
            long directBefore = usedDirectMemory();
            long directPeak = 0;
            String message = "m".repeat((int) MB);
            int published = 0;
            // The publisher's count of receivers drops to 0 once the subscriber's connection is gone.
            while (publisher.call("PUBLISH", "news", message).equals(":1")) {
                published++;
                assertTrue(published < 200, "the subscriber is still connected after " + published + " MB");
                assertEquals("v", bob.call("GET", "k"), "another tenant is served throughout");
                directPeak = Math.max(directPeak, usedDirectMemory() - directBefore);
            }
            System.out.printf("subscriber disconnected after %d MB published; proxy direct memory peak +%d MB%n",
                    published, directPeak / MB);
            assertEquals(closedBefore + 1, alice.refusals(Refusal.OUTPUT_BUFFER_LIMIT));
            assertTrue(directPeak < 64 * MB, "the proxy's direct memory grew by " + directPeak + " bytes");
            assertTrue(received(subscriber) < published, "messages the subscriber did not read were dropped");
            assertEquals(":0", publisher.call("PUBLISH", "news", "after"), "the publisher keeps its connection");
            assertEquals("v", bob.call("GET", "k"));
        }
    }

    @Test
    void aSubscriberOverTheSoftLimitForLongerThanAllowedIsDisconnectedBelowTheHardLimit() {
        try (RunningProxy impatient = RunningProxy.start(RunningProxy.withServerKeys(RunningProxy.config(
                proxy.redis().address(), "alice: {password: alice-secret, pool: cache, db: 1}"), """
                pubsub-output-buffer-hard-bytes: 67108864
                pubsub-output-buffer-soft-bytes: 1048576
                pubsub-output-buffer-soft-seconds: 1"""));
             RespSocket subscriber = new RespSocket(impatient.port());
             RespSocket publisher = new RespSocket(impatient.port())) {
            assertEquals("+OK", subscriber.call("AUTH", "alice-secret"));
            assertEquals("+OK", publisher.call("AUTH", "alice-secret"));
            assertEquals("subscribe\nslow\n:1", subscriber.call("SUBSCRIBE", "slow"));
            String message = "m".repeat((int) MB);
            for (int i = 0; i < 8; i++) {
                assertEquals(":1", publisher.call("PUBLISH", "slow", message));
            }
            TenantMeters meters = impatient.server().runtime().meters().meters("alice");
            Eventually.until(() -> meters.refusals(Refusal.OUTPUT_BUFFER_LIMIT) == 1,
                    "8 MB unread, past the 1 MB soft limit for a second, disconnect the subscriber");
            Eventually.until(() -> publisher.call("PUBLISH", "slow", "anyone?").equals(":0"),
                    "the subscriber's subscription is gone with it");
            assertTrue(received(subscriber) < 8);
        }
    }

    /** Reads what the subscriber's socket still holds until the connection ends; the messages among it. */
    private static int received(RespSocket subscriber) {
        int messages = 0;
        try {
            while (true) {
                subscriber.read();
                messages++;
            }
        } catch (UncheckedIOException closed) {
            return messages;
        }
    }

    private static long usedDirectMemory() {
        return PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
    }
}
