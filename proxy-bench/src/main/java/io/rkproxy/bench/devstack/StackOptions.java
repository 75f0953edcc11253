package io.rkproxy.bench.devstack;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * What the stack runs, from scripts/devstack.sh's arguments: each part on its port, or not at all, and the topics
 * the broker creates. No part named means every part on its default port.
 */
record StackOptions(OptionalInt zookeeperPort, OptionalInt kafkaPort, OptionalInt clusterFirstPort,
                    OptionalInt redisPort, List<Topic> topics) {

    private static final int DEFAULT_ZOOKEEPER_PORT = 2181;
    private static final int DEFAULT_KAFKA_PORT = 9092;
    private static final int DEFAULT_CLUSTER_PORT = 7000;
    private static final int DEFAULT_REDIS_PORT = 6379;
    static final int CLUSTER_MASTERS = 3;
    /** The topic a broker gets when none is named, so that its tenant has one to use. */
    private static final Topic DEFAULT_TOPIC = new Topic("orders", 3);
    private static final int CLUSTER_BUS_OFFSET = 10_000;

    static final String USAGE = """
            usage: devstack.sh [--zookeeper[=PORT]] [--kafka[=PORT]] [--cluster[=FIRSTPORT]] [--redis[=PORT]]
                               [--topic NAME[:PARTITIONS]]...
              --zookeeper  ZooKeeper (curator-test's TestingServer, in devstack's JVM); default port 2181
              --kafka      a single-node KRaft broker (kafka_2.13 in a child JVM); default port 9092
              --cluster    a Redis Cluster of 3 masters on FIRSTPORT and the next two; default 7000
                           (each node's cluster bus port, its port + 10000, must be free too)
              --redis      a standalone redis-server; default port 6379
              --topic      a topic for the broker to create (repeatable; default orders:3)
            No part named: all four on their default ports.""";

    StackOptions {
        topics = List.copyOf(topics);
    }

    static StackOptions parse(String... args) {
        OptionalInt zookeeper = OptionalInt.empty();
        OptionalInt kafka = OptionalInt.empty();
        OptionalInt cluster = OptionalInt.empty();
        OptionalInt redis = OptionalInt.empty();
        List<Topic> topics = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (flag) {
                case "--zookeeper" -> zookeeper = port(arg, DEFAULT_ZOOKEEPER_PORT, 0);
                case "--kafka" -> kafka = port(arg, DEFAULT_KAFKA_PORT, 0);
                case "--cluster" -> cluster = port(arg, DEFAULT_CLUSTER_PORT,
                        CLUSTER_MASTERS - 1 + CLUSTER_BUS_OFFSET);
                case "--redis" -> redis = port(arg, DEFAULT_REDIS_PORT, 0);
                case "--topic" -> {
                    if (arg.contains("=")) {
                        topics.add(Topic.parse(arg.substring(flag.length() + 1)));
                    } else if (i + 1 < args.length) {
                        topics.add(Topic.parse(args[++i]));
                    } else {
                        throw new UsageException("--topic needs NAME[:PARTITIONS]");
                    }
                }
                default -> throw new UsageException("unknown argument " + arg);
            }
        }
        if (zookeeper.isEmpty() && kafka.isEmpty() && cluster.isEmpty() && redis.isEmpty()) {
            zookeeper = OptionalInt.of(DEFAULT_ZOOKEEPER_PORT);
            kafka = OptionalInt.of(DEFAULT_KAFKA_PORT);
            cluster = OptionalInt.of(DEFAULT_CLUSTER_PORT);
            redis = OptionalInt.of(DEFAULT_REDIS_PORT);
        }
        if (kafka.isEmpty() && !topics.isEmpty()) {
            throw new UsageException("--topic needs --kafka: no broker is started to create it on");
        }
        if (kafka.isPresent() && topics.isEmpty()) {
            topics.add(DEFAULT_TOPIC);
        }
        return new StackOptions(zookeeper, kafka, cluster, redis, topics);
    }

    /** Every port the stack will listen on, with the flag that chose it. */
    List<PortUse> ports() {
        List<PortUse> ports = new ArrayList<>();
        zookeeperPort.ifPresent(port -> ports.add(new PortUse(port, "--zookeeper", "ZooKeeper")));
        kafkaPort.ifPresent(port -> ports.add(new PortUse(port, "--kafka", "the Kafka broker")));
        clusterFirstPort.ifPresent(first -> {
            for (int port = first; port < first + CLUSTER_MASTERS; port++) {
                ports.add(new PortUse(port, "--cluster", "a Redis Cluster node"));
                ports.add(new PortUse(port + CLUSTER_BUS_OFFSET, "--cluster", "a Redis Cluster node's bus port"));
            }
        });
        redisPort.ifPresent(port -> ports.add(new PortUse(port, "--redis", "redis-server")));
        return ports;
    }

    /** The port of {@code --flag[=PORT]}; {@code above} is how far past it the part takes ports too. */
    private static OptionalInt port(String arg, int defaultPort, int above) {
        int equals = arg.indexOf('=');
        if (equals < 0) {
            return OptionalInt.of(defaultPort);
        }
        try {
            int port = Integer.parseInt(arg.substring(equals + 1));
            if (port >= 1 && port + above <= 65535) {
                return OptionalInt.of(port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bad port in " + arg + " (1.." + (65535 - above) + ")");
    }
}
