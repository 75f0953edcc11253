package io.rkproxy.client.jedis;

import java.time.Duration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.util.Pool;

/**
 * A pool of {@link KafkaJedis} connections to one rkproxy node, as JedisPool is for Jedis: {@link #getResource()}
 * lends one, and its {@code close()} gives it back.
 */
public class KafkaJedisPool extends Pool<KafkaJedis> {

    public KafkaJedisPool(HostAndPort node, JedisClientConfig config) {
        this(defaultConfig(), node, config);
    }

    public KafkaJedisPool(GenericObjectPoolConfig<KafkaJedis> poolConfig, HostAndPort node, JedisClientConfig config) {
        super(poolConfig, new KafkaJedisFactory(node, config));
    }

    /** JedisPoolConfig's settings: idle connections are checked with PING and evicted in the background. */
    public static GenericObjectPoolConfig<KafkaJedis> defaultConfig() {
        GenericObjectPoolConfig<KafkaJedis> config = new GenericObjectPoolConfig<>();
        config.setTestWhileIdle(true);
        config.setMinEvictableIdleDuration(Duration.ofSeconds(60));
        config.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        config.setNumTestsPerEvictionRun(-1);
        config.setJmxEnabled(false);
        return config;
    }

    @Override
    public KafkaJedis getResource() {
        KafkaJedis jedis = super.getResource();
        jedis.returnTo(this);
        return jedis;
    }
}
