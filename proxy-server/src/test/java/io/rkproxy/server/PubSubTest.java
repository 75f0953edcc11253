package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.rkproxy.testkit.RespSocket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

class PubSubTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password: bob-secret, pool: cache, db: 2}",
            "'s*': {password: star-secret, pool: cache, db: 3}",
            "sx: {password: sx-secret, pool: cache, db: 4}");

    @Test
    void messagesFlowBetweenTwoSessionsOfOneTenant() {
        try (RespSocket sub = proxy.login("alice-secret"); RespSocket pub = proxy.login("alice-secret")) {
            assertEquals("subscribe\nnews\n:1", sub.call("SUBSCRIBE", "news"));
            assertEquals(":1", pub.call("PUBLISH", "news", "hello"));
            assertEquals("message\nnews\nhello", sub.read());
        }
    }

    /**
     * As Redis closes a subscriber it drops (Jedis's PublishSubscribeCommandsTest#handleClientOutputBufferLimitFor-
     * SubscribeTooSlow, where the backend drops the proxy's subscriber connection at its output buffer limit): a
     * client left subscribed to nothing would wait for messages forever.
     */
    @Test
    void aSubscriberWhoseBackendConnectionIsLostIsDisconnected() {
        try (RespSocket sub = proxy.login("alice-secret")) {
            assertEquals("subscribe\nnews\n:1", sub.call("SUBSCRIBE", "news"));
            assertEquals(":1", proxy.redis().call("CLIENT", "KILL", "TYPE", "pubsub"));
            assertTrue(sub.read().startsWith("-ERR "), "told why");
            assertTrue(sub.isClosedByServer());
        }
    }

    @Test
    void tenantsNeitherHearNorReachEachOthersChannels() {
        try (RespSocket alice = proxy.login("alice-secret"); RespSocket bob = proxy.login("bob-secret");
             RespSocket alicePub = proxy.login("alice-secret")) {
            assertEquals("subscribe\nnews\n:1", alice.call("SUBSCRIBE", "news"));
            assertEquals("psubscribe\n*\n:2", alice.call("PSUBSCRIBE", "*"));
            assertEquals(":0", bob.call("PUBLISH", "news", "from-bob"), "bob's 'news' is another channel");
            assertEquals(":2", alicePub.call("PUBLISH", "news", "from-alice"));
            assertEquals("message\nnews\nfrom-alice", alice.read());
            assertEquals("pmessage\n*\nnews\nfrom-alice", alice.read(), "nothing of bob's arrived first");
        }
    }

    @Test
    void globCharactersInATenantsPrefixDoNotWidenItsPatterns() {
        try (RespSocket star = proxy.login("star-secret"); RespSocket sx = proxy.login("sx-secret");
             RespSocket starPub = proxy.login("star-secret")) {
            assertEquals("psubscribe\n*\n:1", star.call("PSUBSCRIBE", "*"));
            assertEquals(":0", sx.call("PUBLISH", "news", "not-for-star"));
            assertEquals(":1", starPub.call("PUBLISH", "news", "for-star"));
            assertEquals("pmessage\n*\nnews\nfor-star", star.read());
        }
    }

    @Test
    void pubsubChannelsAndNumsubShowOnlyTheTenantsChannels() {
        try (RespSocket aliceSub = proxy.login("alice-secret"); RespSocket bobSub = proxy.login("bob-secret");
             RespSocket alice = proxy.login("alice-secret")) {
            aliceSub.call("SUBSCRIBE", "a-chan");
            bobSub.call("SUBSCRIBE", "b-chan");
            assertEquals("a-chan", alice.call("PUBSUB", "CHANNELS"));
            assertEquals("", alice.call("PUBSUB", "CHANNELS", "b*"));
            assertEquals("a-chan\n:1\nb-chan\n:0", alice.call("PUBSUB", "NUMSUB", "a-chan", "b-chan"));
        }
    }

    @Test
    void subscribedModeAllowsOnlyWhatRedisAllows() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call("SUBSCRIBE", "one", "two");
            assertEquals("subscribe\ntwo\n:2", c.read());
            assertEquals("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                    + "are allowed in this context", c.call("GET", "k"));
            assertEquals("pong\n", c.call("PING"));
            String first = c.call("UNSUBSCRIBE");
            String second = c.read();
            assertEquals(java.util.Set.of("one", "two"), java.util.Set.of(first.split("\n")[1], second.split("\n")[1]),
                    "Redis unsubscribes from all, in its own order");
            assertTrue(first.endsWith("\n:1") && second.endsWith("\n:0"), first + " / " + second);
            assertEquals("(nil)", c.call("GET", "k"), "out of subscribed mode");
            assertEquals("unsubscribe\n(nil)\n:0", c.call("UNSUBSCRIBE"));
        }
    }

    @Test
    void jedisSubscriberReceivesMessages() throws Exception {
        BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                received.add(channel + "=" + message);
                unsubscribe();
            }
        };
        try (Jedis subscriber = new Jedis("127.0.0.1", proxy.port());
             Jedis publisher = new Jedis("127.0.0.1", proxy.port())) {
            subscriber.auth("alice-secret");
            publisher.auth("alice-secret");
            CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> subscriber.subscribe(listener, "jc"));
            for (int i = 0; i < 100 && publisher.publish("jc", "hi") == 0; i++) {
                Thread.sleep(20);
            }
            assertEquals("jc=hi", received.poll(5, TimeUnit.SECONDS));
            loop.get(5, TimeUnit.SECONDS);
            assertEquals("PONG", subscriber.ping(), "the connection left subscribed mode");
        }
    }

    @Test
    void lettucePubSubListenerReceivesMessages() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                .withPassword("alice-secret".toCharArray()).build());
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
             var pub = client.connect()) {
            BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(channel + "=" + message);
                }
            });
            sub.sync().subscribe("lc");
            assertEquals(1L, pub.sync().publish("lc", "hey"));
            assertEquals("lc=hey", received.poll(5, TimeUnit.SECONDS));
            assertTrue(pub.sync().pubsubChannels().contains("lc"));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void subscribeWithoutChannelsGetsRedisArityError() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertEquals("-ERR wrong number of arguments for 'subscribe' command", c.call("SUBSCRIBE"));
            assertEquals("subscribe\nx\n:1", c.call("SUBSCRIBE", "x"));
            assertEquals("-ERR wrong number of arguments for 'psubscribe' command", c.call("PSUBSCRIBE"));
            assertEquals("pong\n", c.call("PING"), "the session still answers in order");
        }
    }

    @Test
    void pipelinedSubscribeAndBareUnsubscribeKeepEveryFrameInPlace() {
        try (RespSocket c = proxy.login("alice-secret")) {
            c.sendRaw(RespSocket.encode("SUBSCRIBE", "a", "b") + RespSocket.encode("UNSUBSCRIBE")
                    + RespSocket.encode("GET", "k"));
            assertTrue(c.read().startsWith("subscribe\na"));
            assertTrue(c.read().startsWith("subscribe\nb"));
            assertTrue(c.read().startsWith("unsubscribe\n"));
            assertTrue(c.read().endsWith("\n:0"));
            assertEquals("(nil)", c.read(), "out of subscribed mode, in order");
        }
    }

    @Test
    void unknownPubsubSubcommandsAreRefused() {
        try (RespSocket c = proxy.login("alice-secret")) {
            assertTrue(c.call("PUBSUB", "NOSUCH").startsWith("-ERR unknown subcommand 'NOSUCH'"));
        }
    }
}
