package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

class ClientLibrariesTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "reader: {password: reader-secret, pool: cache, db: 1, read-only: true}");

    @Test
    void jedisPooledWorksWithAPassword() {
        try (JedisPooled jedis = new JedisPooled(new HostAndPort("127.0.0.1", proxy.port()),
                DefaultJedisClientConfig.builder().password("alice-secret").build())) {
            assertEquals("OK", jedis.set("jedis:k", "v"));
            assertEquals("v", jedis.get("jedis:k"));
            assertEquals(3, jedis.incrBy("jedis:n", 3));
            jedis.hset("jedis:h", Map.of("f1", "a", "f2", "b"));
            assertEquals(Map.of("f1", "a", "f2", "b"), jedis.hgetAll("jedis:h"));
            assertEquals(List.of("v", "3"), jedis.mget("jedis:k", "jedis:n"));
        }
    }

    @Test
    void jedisPipelineAndTenantLogin() {
        try (Jedis jedis = new Jedis("127.0.0.1", proxy.port())) {
            jedis.auth("alice", "alice-secret");
            Pipeline p = jedis.pipelined();
            for (int i = 0; i < 1000; i++) {
                p.set("jp:" + i, Integer.toString(i));
            }
            p.get("jp:999");
            List<Object> replies = p.syncAndReturnAll();
            assertEquals(1001, replies.size());
            assertEquals("999", replies.get(1000));
        }
    }

    @Test
    void jedisSurfacesRefusalsAsDataExceptions() {
        try (Jedis jedis = new Jedis("127.0.0.1", proxy.port())) {
            jedis.auth("reader-secret");
            JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.set("k", "v"));
            assertEquals("NOPERM this user has no permissions to run the 'set' command", e.getMessage());
        }
    }

    /** Lettuce's default sends HELLO 3 with AUTH default <password>, which identifies the tenant. */
    @Test
    void lettuceWithDefaultOptionsAuthenticatesThroughHelloThree() {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                .withPassword("alice-secret".toCharArray()).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            assertEquals("OK", redis.set("lettuce:k", "v"));
            assertEquals("v", redis.get("lettuce:k"));
            assertEquals(List.of(KeyValue.just("lettuce:k", "v")), redis.mget("lettuce:k"));
            assertTrue(redis.clientInfo().contains(" user=alice ") && redis.clientInfo().contains(" resp=3"));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void lettuceWithResp2AndUsernameAuthenticatesAsTheTenant() {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                .withAuthentication("reader", "reader-secret").build());
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class,
                    () -> redis.set("k", "v"));
            assertTrue(e.getMessage().startsWith("NOPERM"), e.getMessage());
            assertEquals("PONG", redis.ping());
        } finally {
            client.shutdown();
        }
    }
}
