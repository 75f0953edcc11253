package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A broker that goes away makes commands fail in bounded time, and what was acknowledged survives its restart. */
class KafkaAvailabilityTest {

    @RegisterExtension
    static final KafkaProxyExtension kafka = new KafkaProxyExtension(true, "request-timeout-ms: 1500",
            "shop: {password: shop-secret, kafka: events, topics: {${orders}: [produce, consume]}}");

    @Test
    void acknowledgedMessagesSurviveABrokerRestartAndADownBrokerFailsCommandsInTime() throws Exception {
        String orders = kafka.createTopic("orders", 1);
        try (RespSocket c = kafka.login("shop-secret")) {
            for (int i = 0; i < 50; i++) {
                assertTrue(c.call("KPUSH", orders, "m" + i).startsWith("0\n"));
            }
            kafka.broker().stop();
            long started = System.nanoTime();
            String refused = c.call("KPUSH", orders, "lost?");
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertTrue(refused.startsWith("-ERR kafka pool 'events' is unavailable: "), refused);
            assertTrue(ms < 5_000, "a KPUSH to a stopped broker took " + ms + " ms");

            kafka.broker().restart();
            long deadline = System.nanoTime() + 30_000_000_000L;
            String again;
            while ((again = c.call("KPUSH", orders, "after")).startsWith("-")) {
                assertTrue(System.nanoTime() < deadline, again);
                Thread.sleep(200);
            }
            String[] all = c.call("KPOP", orders, "0", "0", "50").split("\n");
            assertEquals(150, all.length);
            for (int i = 0; i < 50; i++) {
                assertEquals("m" + i, all[i * 3 + 2]);
            }
        }
    }
}
