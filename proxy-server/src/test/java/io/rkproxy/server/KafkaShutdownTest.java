package io.rkproxy.server;

import static io.rkproxy.server.RafkaCommandsTest.blpop;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rafka's shutdown order: consumers stop first and waiting BLPOPs are told, then acked offsets are committed. */
class KafkaShutdownTest {

    @RegisterExtension
    static final KafkaProxyExtension kafka = new KafkaProxyExtension(
            "shop: {password: shop-secret, kafka: events, topics: {${jobs}: [produce, consume]}}");

    @Test
    void aWaitingBlpopGetsServerShutdownAndAckedOffsetsAreCommitted() throws Exception {
        String jobs = kafka.createTopic("jobs", 1);
        try (RespSocket p = kafka.login("shop-secret")) {
            assertEquals(":1", p.call("RPUSHX", "topics:" + jobs, "first"));
        }
        try (RespSocket c = kafka.login("shop-secret")) {
            assertEquals("+OK", c.call("CLIENT", "SETNAME", "workers:one"));
            String[] got = blpop(c, "topics:" + jobs).split("\n");
            assertEquals("first", got[7]);
            assertEquals(":1", c.call("RPUSH", "acks", jobs + ":0:" + got[5].substring(1)));
            c.send("BLPOP", "topics:" + jobs, "0");
            Thread.sleep(200);
            Thread closer = new Thread(kafka::restartProxy);
            closer.start();
            assertEquals("-CONS Server shutdown", c.read());
            closer.join();
        }
        try (RespSocket p = kafka.login("shop-secret")) {
            assertEquals(":1", p.call("RPUSHX", "topics:" + jobs, "second"));
        }
        try (RespSocket c = kafka.login("shop-secret")) {
            assertEquals("+OK", c.call("CLIENT", "SETNAME", "workers:one"));
            assertEquals("second", blpop(c, "topics:" + jobs).split("\n")[7]);
        }
    }
}
