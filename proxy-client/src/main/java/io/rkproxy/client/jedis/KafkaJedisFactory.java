package io.rkproxy.client.jedis;

import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/** Makes, checks and closes the connections of a {@link KafkaJedisPool}, as JedisFactory does for JedisPool. */
final class KafkaJedisFactory extends BasePooledObjectFactory<KafkaJedis> {

    private final HostAndPort node;
    private final JedisClientConfig config;

    KafkaJedisFactory(HostAndPort node, JedisClientConfig config) {
        this.node = node;
        this.config = config;
    }

    @Override
    public KafkaJedis create() {
        return new KafkaJedis(node, config);
    }

    @Override
    public PooledObject<KafkaJedis> wrap(KafkaJedis jedis) {
        return new DefaultPooledObject<>(jedis);
    }

    @Override
    public boolean validateObject(PooledObject<KafkaJedis> pooled) {
        KafkaJedis jedis = pooled.getObject();
        try {
            return jedis.isConnected() && "PONG".equals(jedis.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    /** A connection comes back without a transaction, pipeline or WATCH left open. */
    @Override
    public void passivateObject(PooledObject<KafkaJedis> pooled) {
        pooled.getObject().resetState();
    }

    @Override
    public void destroyObject(PooledObject<KafkaJedis> pooled) {
        pooled.getObject().disconnect();
    }
}
