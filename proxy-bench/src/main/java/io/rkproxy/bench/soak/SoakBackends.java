package io.rkproxy.bench.soak;

import io.rkproxy.testkit.KafkaBroker;
import io.rkproxy.testkit.RedisCluster;
import io.rkproxy.testkit.RedisServer;

/**
 * What rkproxy's pools stand on in the soak: a redis-server, a Redis Cluster of 3 masters and a single-node KRaft
 * broker with the soak's topic, each a real process on free loopback ports (the testkit's).
 */
final class SoakBackends implements AutoCloseable {
    static final String TOPIC = "soak";
    private static final int PARTITIONS = 4;

    private RedisServer redis;
    private RedisCluster cluster;
    private KafkaBroker kafka;

    static SoakBackends start() {
        SoakBackends backends = new SoakBackends();
        try {
            backends.redis = RedisServer.start();
            backends.cluster = RedisCluster.start(3, 0);
            backends.kafka = KafkaBroker.start();
            backends.kafka.createTopic(TOPIC, PARTITIONS);
            return backends;
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
    }

    RedisServer redis() {
        return redis;
    }

    RedisCluster cluster() {
        return cluster;
    }

    KafkaBroker kafka() {
        return kafka;
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }
}
