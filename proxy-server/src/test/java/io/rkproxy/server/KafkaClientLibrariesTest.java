package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/** The Kafka commands through unchanged Jedis and Lettuce clients, with their generic command APIs. */
class KafkaClientLibrariesTest {

    @RegisterExtension
    static final KafkaProxyExtension kafka = new KafkaProxyExtension(
            "shop: {password: shop-secret, kafka: events, topics: {${orders}: [produce, consume], ${feed}: [produce, consume]}}");

    static String orders;
    static String feed;

    @BeforeAll
    static void topics() {
        orders = kafka.createTopic("orders", 1);
        feed = kafka.createTopic("feed", 1);
    }

    private enum Kafka implements ProtocolCommand, ProtocolKeyword {
        KPUSH, KPOP;

        @Override
        public byte[] getRaw() {
            return name().getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public byte[] getBytes() {
            return getRaw();
        }

        @Override
        public String toString() {
            return name();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void jedisProducesAndConsumesWithRafkaAndKCommands() {
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", kafka.port()),
                DefaultJedisClientConfig.builder().password("shop-secret").build())) {
            List<byte[]> pushed = (List<byte[]>) jedis.sendCommand(Kafka.KPUSH, orders, "from jedis");
            String offset = SafeEncoder.encode(pushed.get(1));
            List<byte[]> popped = (List<byte[]>) jedis.sendCommand(Kafka.KPOP, orders, "0", offset);
            assertEquals("from jedis", SafeEncoder.encode(popped.get(2)));

            assertEquals("OK", jedis.clientSetname("jedis:one"));
            assertEquals(1L, jedis.rpushx("topics:" + feed, "rafka via jedis"));
            // rafka's reply mixes integers into the array, which Jedis's typed blpop() cannot decode
            List<Object> message = null;
            for (int i = 0; i < 30 && message == null; i++) {
                message = (List<Object>) jedis.sendCommand(redis.clients.jedis.Protocol.Command.BLPOP,
                        "topics:" + feed, "1");
            }
            assertEquals(8, message.size());
            assertEquals("topic", SafeEncoder.encode((byte[]) message.get(0)));
            assertEquals(0L, message.get(3));
            assertEquals("rafka via jedis", SafeEncoder.encode((byte[]) message.get(7)));
            JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.get("k"));
            assertEquals("Command not supported: GET", e.getMessage());
        }
    }

    @Test
    void lettuceDispatchesKCommands() {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(kafka.port())
                .withPassword("shop-secret".toCharArray()).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<Object> pushed = connection.sync().dispatch(Kafka.KPUSH, new ArrayOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add(orders).add("from lettuce"));
            assertEquals("0", pushed.get(0));
            List<Object> popped = connection.sync().dispatch(Kafka.KPOP, new ArrayOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add(orders).add(0).add((String) pushed.get(1)));
            assertEquals("from lettuce", popped.get(2));
            assertTrue(connection.isOpen());
        } finally {
            client.shutdown();
        }
    }
}
