package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.rkproxy.testkit.RespSocket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.RedisProtocol;

class Resp3Test {

    /** solo has a redis-server to itself, through a pool marked dedicated. */
    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password: bob-secret, pool: cache, db: 2}",
            "solo: {password: solo-secret, pool: own, db: 3}")
            .withDedicatedPool("own");

    @Test
    void helloThreeSwitchesTheSessionToResp3() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            String hello = c.call("HELLO", "3", "AUTH", "alice", "alice-secret");
            assertTrue(hello.startsWith("%7\nserver\nredis\nversion\n7."), hello);
            assertTrue(hello.contains("\nproto\n:3\n"), hello);
            c.call("DEL", "h", "s", "z");
            c.call("HSET", "h", "f", "v");
            c.call("SADD", "s", "m");
            c.call("ZADD", "z", "1.5", "m");
            assertEquals("%1\nf\nv", c.call("HGETALL", "h"), "maps come through as maps");
            assertEquals("~1\nm", c.call("SMEMBERS", "s"));
            assertEquals(",1.5", c.call("ZSCORE", "z", "m"));
            assertEquals("(nil)", c.call("GET", "missing"));
            assertTrue(c.call("CLIENT", "INFO").contains(" resp=3"));
            assertEquals("server\nredis\nversion", String.join("\n",
                    c.call("HELLO", "2").lines().limit(3).toList()), "HELLO 2 goes back to RESP2");
            assertEquals("f\nv", c.call("HGETALL", "h"));
        }
    }

    @Test
    void resp3PubSubDeliversPushMessagesAndAllowsOtherCommands() {
        try (RespSocket sub = new RespSocket(proxy.port()); RespSocket pub = proxy.login("alice-secret")) {
            sub.call("HELLO", "3", "AUTH", "alice", "alice-secret");
            assertEquals(">3\nsubscribe\nnews\n:1", sub.call("SUBSCRIBE", "news"));
            assertEquals("+OK", sub.call("SET", "k", "v"), "RESP3 allows any command while subscribed");
            assertEquals(":1", pub.call("PUBLISH", "news", "hi"));
            assertEquals(">3\nmessage\nnews\nhi", sub.read());
        }
    }

    @Test
    void lettuceDefaultsNegotiateResp3() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                .withPassword("alice-secret".toCharArray()).build());
        try (StatefulRedisConnection<String, String> connection = client.connect();
             StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
            RedisCommands<String, String> redis = connection.sync();
            assertTrue(redis.clientInfo().contains(" resp=3"), redis.clientInfo());
            redis.del("lh", "ls", "lz");
            redis.hset("lh", Map.of("a", "1", "b", "2"));
            assertEquals(Map.of("a", "1", "b", "2"), redis.hgetall("lh"));
            redis.sadd("ls", "x", "y");
            assertEquals(Set.of("x", "y"), redis.smembers("ls"));
            redis.zadd("lz", 2.5, "m");
            assertEquals(2.5, redis.zscore("lz", "m"));

            BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(channel + "=" + message);
                }
            });
            sub.sync().subscribe("l3");
            assertEquals(1L, redis.publish("l3", "pushed"));
            assertEquals("l3=pushed", received.poll(5, TimeUnit.SECONDS));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void jedisResp3Works() {
        try (JedisPooled jedis = new JedisPooled(new HostAndPort("127.0.0.1", proxy.port()),
                DefaultJedisClientConfig.builder().user("bob").password("bob-secret")
                        .protocol(RedisProtocol.RESP3).build())) {
            jedis.hset("jh", "f", "v");
            assertEquals(Map.of("f", "v"), jedis.hgetAll("jh"));
            assertEquals("v", jedis.hget("jh", "f"));
        }
    }

    @Test
    void clientTrackingDeliversInvalidationsAsPushesOnADedicatedPool() {
        try (RespSocket c = new RespSocket(proxy.port()); RespSocket writer = proxy.login("solo-secret")) {
            c.call("HELLO", "3", "AUTH", "solo", "solo-secret");
            assertEquals("+OK", c.call("CLIENT", "TRACKING", "ON"));
            assertEquals(":0", c.call("CLIENT", "GETREDIR"));
            assertEquals("(nil)", c.call("GET", "tracked"));
            assertEquals("+OK", writer.call("SET", "tracked", "changed"));
            assertEquals(">2\ninvalidate\ntracked", c.read());
            assertEquals("+OK", c.call("CLIENT", "TRACKING", "OFF"));
            assertEquals(":-1", c.call("CLIENT", "GETREDIR"));
            assertEquals(0, proxy.runtime().meters().meters("solo").pinnedConnections().get(),
                    "tracking off gives the pinned connection up");
        }
    }

    @Test
    void clientTrackingIsRefusedWhereTenantsShareTheBackend() {
        try (RespSocket bob = new RespSocket(proxy.port()); RespSocket alice = proxy.login("alice-secret")) {
            bob.call("HELLO", "3", "AUTH", "bob", "bob-secret");
            String refused = bob.call("CLIENT", "TRACKING", "ON");
            assertTrue(refused.startsWith("-ERR 'client|tracking' is not supported by rkproxy: Redis tracks key names"
                    + " across all dbs"), refused);
            assertEquals("(nil)", bob.call("GET", "secret"));
            assertEquals("+OK", alice.call("SET", "secret", "alice-data"));
            assertEquals("+PONG", bob.call("PING"), "no invalidation of alice's key reaches bob");
        }
    }

    @Test
    void trackingModesThatCouldLeakOrNeedRedirectionAreRefused() {
        try (RespSocket resp2 = proxy.login("alice-secret"); RespSocket resp3 = new RespSocket(proxy.port())) {
            assertTrue(resp2.call("CLIENT", "TRACKING", "ON").contains("only in RESP3 push mode"));
            resp3.call("HELLO", "3", "AUTH", "solo", "solo-secret");
            assertTrue(resp3.call("CLIENT", "TRACKING", "ON", "BCAST").contains("other tenants' keys"));
            assertTrue(resp3.call("CLIENT", "TRACKING", "ON", "REDIRECT", "7").contains("is not supported"));
            assertEquals("(nil)", resp3.call("GET", "k"), "the session is still usable");
        }
    }
}
