package io.rkproxy.server;

import static io.rkproxy.server.RafkaCommandsTest.blpop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One AUTH for Redis and Kafka, the rafka switch of a tenant that has both, and tenants kept apart by grants. */
class KafkaTenantsTest {

    @RegisterExtension
    static final KafkaProxyExtension kafka = new KafkaProxyExtension(
            "mixed: {password: mixed-secret, pool: cache, db: 1, kafka: events, rafka: true, "
                    + "topics: {${orders}: [produce, consume]}}",
            "plain: {password: plain-secret, pool: cache, db: 2, kafka: events, topics: {${orders}: [consume]}}",
            "prefixed: {password: prefixed-secret, kafka: events, topic-prefix: \"team.\", "
                    + "topics: {${orders}: [produce, consume]}}",
            "wild: {password: wild-secret, kafka: events, topics: {\"wild.*\": [produce]}}");

    static String orders;
    static String wildTopic;

    @BeforeAll
    static void topics() {
        orders = kafka.createTopic("orders", 2);
        kafka.createTopic("team.", "orders", 1);
        wildTopic = kafka.createTopic("wild.x", 1);
    }

    @Test
    void aPrefixGrantCoversEveryTopicUnderItAndNothingElse() {
        try (RespSocket c = kafka.login("wild-secret")) {
            assertTrue(c.call("KPUSH", wildTopic, "m").matches("0\n\\d+"));
            assertTrue(c.call("KPOP", wildTopic).startsWith("-NOPERM"), "the grant is produce only");
            assertTrue(c.call("KPUSH", orders, "m").startsWith("-NOPERM"), "orders is not under wild.");
        }
    }

    @Test
    void oneAuthGivesTheTenantItsRedisPoolAndItsKafkaPool() {
        try (RespSocket c = kafka.login("mixed-secret")) {
            assertEquals("+OK", c.call("SET", "k", "v"));
            assertEquals("v", c.call("GET", "k"));
            assertTrue(c.call("KPUSH", orders, "m").matches("\\d\n\\d+"));
        }
    }

    @Test
    void withRafkaOnOnlyTheReservedNamesGoToKafka() {
        try (RespSocket c = kafka.login("mixed-secret")) {
            assertEquals(":1", c.call("RPUSH", "list", "x"));
            assertEquals("x", c.call("LPOP", "list"));
            assertEquals(":1", c.call("HSET", "h", "f", "v"));
            assertEquals("f\nv", c.call("HGETALL", "h"));
            assertTrue(c.call("HGETALL", "stats").startsWith("producer.unflushed.messages"));
            assertEquals("+OK", c.call("CLIENT", "SETNAME", "mixed:one"));
            assertEquals(":1", c.call("RPUSHX", "topics:" + orders + ":k", "rafka"));
            assertEquals(":0", c.call("DUMP", "5000"));
            assertTrue(blpop(c, "topics:" + orders).startsWith("topic\n" + orders + "\n"));
            assertEquals("(nil)", c.call("BLPOP", "redis-list", "0.1"));
        }
    }

    @Test
    void withoutRafkaTheSameCommandsGoToRedis() {
        try (RespSocket c = kafka.login("plain-secret")) {
            assertEquals(":0", c.call("RPUSHX", "topics:" + orders, "x"));
            assertEquals("(nil)", c.call("BLPOP", "topics:" + orders, "0.1"));
            assertEquals("", c.call("HGETALL", "stats"));
            assertEquals("-NOPERM tenant 'plain' may not produce topic '" + orders + "'", c.call("KPUSH", orders, "x"));
        }
    }

    @Test
    void aTopicPrefixMapsTheClientsNamesOntoKafkas() {
        try (RespSocket c = kafka.login("prefixed-secret")) {
            String[] pushed = c.call("KPUSH", orders, "into team.").split("\n");
            assertEquals("0\n" + pushed[1] + "\ninto team.", c.call("KPOP", orders, "0", pushed[1]));
            assertEquals("topics:" + orders, c.call("KEYS", "topics:"));
            assertEquals(":0", c.call("KPARTITION", orders), "team." + orders + " has one partition, " + orders
                    + " two");
        }
    }

    @Test
    void aTenantCannotProduceToConsumeFromOrListAnotherTenantsTopics() {
        kafka.createTopic("secret", 1);
        String secret = kafka.topic("secret");
        try (RespSocket c = kafka.login("prefixed-secret")) {
            assertEquals("-NOPERM tenant 'prefixed' may not produce topic '" + secret + "'",
                    c.call("RPUSHX", "topics:" + secret, "x"));
            assertEquals("-NOPERM tenant 'prefixed' may not produce topic '" + secret + "'",
                    c.call("KPUSH", secret, "x"));
            assertEquals("-NOPERM tenant 'prefixed' may not consume topic '" + secret + "'", c.call("KPOP", secret));
            assertEquals("-NOPERM tenant 'prefixed' may not use topic '" + secret + "'", c.call("KPARTITION", secret));
            assertEquals("+OK", c.call("CLIENT", "SETNAME", "spy:one"));
            assertEquals("-NOPERM tenant 'prefixed' may not consume topic '" + secret + "'",
                    c.call("BLPOP", "topics:" + secret, "0.1"));
            assertFalse(c.call("KEYS", "topics:").contains(secret));
        }
    }

    @Test
    void aKafkaCommandInsideMultiIsRefusedAndDoomsTheTransaction() {
        try (RespSocket c = kafka.login("mixed-secret")) {
            assertEquals("+OK", c.call("MULTI"));
            assertEquals("+QUEUED", c.call("SET", "in-multi", "v"));
            assertEquals("-ERR 'kpush' is not allowed inside a transaction by rkproxy", c.call("KPUSH", orders, "x"));
            assertTrue(c.call("EXEC").startsWith("-EXECABORT"));
            assertEquals("(nil)", c.call("GET", "in-multi"));
        }
    }
}
