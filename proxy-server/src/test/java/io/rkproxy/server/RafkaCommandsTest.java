package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rafka v0.6.2 command family on a tenant with only a Kafka pool, with rafka's exact error texts. */
class RafkaCommandsTest {

    @RegisterExtension
    static final KafkaProxyExtension kafka = new KafkaProxyExtension(
            "rafka: {password: rafka-secret, kafka: events, topics: {${greet}: [produce, consume], "
                    + "${empty}: [produce, consume], ${keyed}: [produce, consume], ${latest}: [produce, consume], "
                    + "${missing}: [produce, consume]}}");

    static String greet;
    static String empty;
    static String keyed;

    @BeforeAll
    static void topics() {
        greet = kafka.createTopic("greet", 1);
        empty = kafka.createTopic("empty", 1);
        keyed = kafka.createTopic("keyed", 4);
    }

    private static RespSocket consumer(String name) {
        RespSocket c = kafka.login("rafka-secret");
        assertEquals("+OK", c.call("CLIENT", "SETNAME", name));
        return c;
    }

    @Test
    void commandsOutsideTheFamilyAreNotSupported() {
        try (RespSocket c = kafka.login("rafka-secret")) {
            assertEquals("-Command not supported: GET", c.call("GET", "x"));
            assertEquals("-Command not supported: LPUSH", c.call("lpush", "x", "y"));
            assertEquals("+PONG", c.call("PING"));
        }
    }

    @Test
    void clientSetnameTakesAGroupAndANameUniquePerTenant() throws Exception {
        try (RespSocket a = kafka.login("rafka-secret"); RespSocket b = kafka.login("rafka-secret")) {
            assertEquals("-CONS Cannot parse group.id", a.call("CLIENT", "SETNAME", "nocolon"));
            assertEquals("+OK", a.call("CLIENT", "SETNAME", "grp:one"));
            assertEquals("grp:one", a.call("CLIENT", "GETNAME"));
            assertEquals("-CONS Client ID is already set to grp:one", a.call("CLIENT", "SETNAME", "grp:two"));
            assertEquals("-CONS id grp:one is already taken", b.call("CLIENT", "SETNAME", "grp:one"));
        }
        try (RespSocket again = kafka.login("rafka-secret")) {
            setName(again, "grp:one");
        }
    }

    @Test
    void blpopNeedsAnIdAndAWellFormedKey() {
        try (RespSocket c = kafka.login("rafka-secret")) {
            assertEquals("-CONS Connection not ready. Identify yourself using `CLIENT SETNAME` first",
                    c.call("BLPOP", "topics:" + greet, "1"));
            assertEquals("+OK", c.call("CLIENT", "SETNAME", "parse:one"));
            assertEquals("-CONS Cannot parse topics from `greet`", c.call("BLPOP", "greet", "1"));
            assertEquals("-ERR timeout is negative", c.call("BLPOP", "topics:" + greet, "-1"));
            assertEquals("-ERR timeout is not a float or out of range", c.call("BLPOP", "topics:" + greet, "soon"));
            assertEquals("-CONS Error parsing configuration from '{\"foo\":\"bar\"}'; 'foo' is not a consumer "
                            + "setting rkproxy accepts (accepted: auto.commit.interval.ms, auto.offset.reset, "
                            + "fetch.max.bytes, fetch.max.wait.ms, fetch.message.max.bytes, fetch.min.bytes, "
                            + "fetch.wait.max.ms, heartbeat.interval.ms, max.partition.fetch.bytes, "
                            + "max.poll.interval.ms, session.timeout.ms)",
                    c.call("BLPOP", "topics:" + greet + ":{\"foo\":\"bar\"}", "1"));
            assertEquals("-NOPERM tenant 'rafka' may not consume topic 'secret'", c.call("BLPOP", "topics:secret", "1"));
        }
    }

    @Test
    void blpopOfAnotherTopicListOnTheSameConnectionIsRefused() {
        try (RespSocket c = consumer("switch:one")) {
            assertEquals("(nil)", c.call("BLPOP", "topics:" + empty, "0.2"));
            assertEquals("-CONS Client 'switch:one' has Consumer 'switch:one|" + empty + "' registered "
                    + "(new consID: 'switch:one|" + greet + "')", c.call("BLPOP", "topics:" + greet, "0.2"));
        }
    }

    @Test
    void blpopTimesOutWithANullArrayOnTime() {
        try (RespSocket c = consumer("timeout:one")) {
            c.call("BLPOP", "topics:" + empty, "0.3");
            long started = System.nanoTime();
            c.send("BLPOP", "topics:" + empty, "0.5");
            String reply = c.read();
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertEquals("(nil)", reply);
            assertTrue(ms >= 450 && ms < 1500, "BLPOP 0.5 took " + ms + " ms");
        }
    }

    @Test
    void producedMessagesArriveAsRafkaReplies() {
        try (RespSocket p = kafka.login("rafka-secret"); RespSocket c = consumer("round:one")) {
            assertEquals(":1", p.call("RPUSHX", "topics:" + greet, "hello there!"));
            assertEquals(":0", p.call("DUMP", "5000"));
            String got = blpop(c, "topics:" + greet);
            assertTrue(got.matches("topic\n" + greet + "\npartition\n:0\noffset\n:\\d+\nvalue\nhello there!"), got);
        }
    }

    @Test
    void rpushxErrorsArePrefixedProdAndAnUnknownTopicFailsFast() {
        try (RespSocket p = kafka.login("rafka-secret")) {
            assertEquals("-PROD RPUSHX accepts 2 arguments, got 1", p.call("RPUSHX", "topics:" + greet));
            assertEquals("-PROD First argument must be in the form of 'topics:<topic>' or 'topics:<topic>:<key>'",
                    p.call("RPUSHX", "greet", "v"));
            long started = System.nanoTime();
            String reply = p.call("RPUSHX", "topics:" + kafka.topic("missing"), "v");
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertEquals("-PROD unknown topic '" + kafka.topic("missing") + "'", reply);
            assertTrue(ms < 500, "unknown topic took " + ms + " ms");
            assertEquals("-PROD DUMP accepts 1 argument, got 0", p.call("DUMP"));
        }
    }

    @Test
    void messagesWithOneKeyLandInOnePartition() {
        try (RespSocket p = kafka.login("rafka-secret"); RespSocket c = consumer("keys:one")) {
            for (int i = 0; i < 100; i++) {
                assertEquals(":1", p.call("RPUSHX", "topics:" + keyed + ":foo", "m" + i));
            }
            assertEquals(":0", p.call("DUMP", "5000"));
            Set<String> partitions = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                partitions.add(blpop(c, "topics:" + keyed).split("\n")[3]);
            }
            assertEquals(1, partitions.size(), partitions.toString());
        }
    }

    @Test
    void ackErrorsAreRafkas() {
        try (RespSocket c = consumer("acks:one")) {
            assertEquals("-CONS You can only RPUSH to the 'acks' key", c.call("RPUSH", "list", "x"));
            assertEquals("-CONS Cannot parse ack: 'x:0'", c.call("RPUSH", "acks", "x:0"),
                    "parsed before the consumer is looked for, as rafka does");
            assertEquals("-CONS No consumer registered for Client acks:one", c.call("RPUSH", "acks", greet + ":0:1"));
            c.call("BLPOP", "topics:" + empty, "0.1");
            assertEquals("-CONS Cannot parse ack: 'bad'", c.call("RPUSH", "acks", "bad"));
            assertEquals("-CONS offset cannot be negative, got -1", c.call("RPUSH", "acks", empty + ":0:-1"));
            assertEquals(":1", c.call("RPUSH", "acks", empty + ":0:0"));
        }
    }

    @Test
    void statsAreTheTenantsCountersAndDelResetsThem() throws Exception {
        try (RespSocket c = kafka.login("rafka-secret")) {
            assertEquals("-ERR Expected key to be 'stats', got FOO", c.call("HGETALL", "foo"));
            assertEquals(":1", c.call("DEL", "stats"));
            c.call("RPUSHX", "topics:" + kafka.topic("missing"), "v");
            String stats = c.call("HGETALL", "stats");
            assertTrue(stats.startsWith("producer.unflushed.messages\n:0\nproducer.delivery.errors\n:1\n"
                    + "producer.unknown.events\n:0\n"), stats);
        }
    }

    @Test
    void keysListsTheGrantedTopicsKafkaHas() {
        try (RespSocket c = kafka.login("rafka-secret")) {
            Set<String> keys = Set.of(c.call("KEYS", "topics:").split("\n"));
            assertEquals(Set.of("topics:" + greet, "topics:" + empty, "topics:" + keyed), keys);
            assertEquals("-ERR Expected argument to be 'topics:', got topics:*", c.call("KEYS", "topics:*"));
        }
    }

    /**
     * Names a connection. The proxy frees a name as soon as it sees the previous connection close, which may be a
     * moment after the test closed it.
     */
    static void setName(RespSocket c, String name) throws InterruptedException {
        String reply;
        long deadline = System.nanoTime() + 2_000_000_000L;
        while ((reply = c.call("CLIENT", "SETNAME", name)).equals("-CONS id " + name + " is already taken")
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("+OK", reply);
    }

    /** BLPOP until a message comes (the first ones may time out while the consumer joins its group). */
    static String blpop(RespSocket c, String key) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            String reply = c.call("BLPOP", key, "1");
            if (!reply.equals("(nil)")) {
                return reply;
            }
        }
        throw new AssertionError("no message on " + key);
    }
}
