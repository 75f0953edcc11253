package io.rkproxy.client.discovery;

import static io.rkproxy.client.harness.KafkaProxyExtension.APP;
import static io.rkproxy.client.harness.KafkaProxyExtension.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rkproxy.client.harness.Eventually;
import io.rkproxy.client.harness.RunningProxy;
import io.rkproxy.client.jedis.KafkaJedis;
import io.rkproxy.testkit.FreePorts;
import io.rkproxy.testkit.KafkaBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** rkproxy nodes found in a real ZooKeeper, with real nodes that come and go. */
class DiscoveryKafkaJedisPoolTest {

    private static final Pattern LOCAL_PORT = Pattern.compile("laddr=\\S+:(\\d+)");

    static ZooKeeperFleet fleet;
    static RunningProxy first;
    static String topic;

    @BeforeAll
    static void startFleet() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        topic = "discovery-" + UUID.randomUUID().toString().substring(0, 8);
        broker.createTopic(topic, 1);
        fleet = ZooKeeperFleet.start(broker.bootstrap(), topic);
        first = fleet.startNode();
    }

    @AfterAll
    static void stopFleet() throws Exception {
        if (first != null) {
            first.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void spreadsConnectionsOverTheRegisteredNodes() {
        try (RunningProxy second = fleet.startNode();
             DiscoveryKafkaJedisPool pool = new DiscoveryKafkaJedisPool(fleet.curator(), fleet.root(), as(APP))) {
            Eventually.until(() -> pool.nodes().size() == 2, "both nodes listed");
            List<KafkaJedis> lent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                lent.add(pool.getResource());
            }
            Set<Integer> ports = lent.stream().map(jedis -> {
                jedis.kpush(topic, "spread");
                return proxyPort(jedis);
            }).collect(Collectors.toSet());
            lent.forEach(KafkaJedis::close);
            assertEquals(Set.of(first.port(), second.port()), ports);
        }
    }

    @Test
    void whenANodeStopsItIsDroppedAndConnectionsGoToTheLiveNode() {
        try (DiscoveryKafkaJedisPool pool = new DiscoveryKafkaJedisPool(fleet.curator(), fleet.root(), as(APP))) {
            Eventually.until(() -> ports(pool).equals(List.of(first.port())), "the first node listed");
            RunningProxy second = fleet.startNode();
            Eventually.until(() -> ports(pool).size() == 2, "the second node listed once it registered");
            KafkaJedis onSecond = Eventually.present(() -> {
                KafkaJedis jedis = pool.getResource();
                if (proxyPort(jedis) == second.port()) {
                    return Optional.of(jedis);
                }
                jedis.close();
                return Optional.empty();
            }, "a connection to the second node");

            second.close();
            Eventually.until(() -> ports(pool).equals(List.of(first.port())), "the stopped node dropped");
            assertThrows(JedisConnectionException.class, () -> onSecond.kpush(topic, "lost with its node"));
            onSecond.close();
            for (int i = 0; i < 10; i++) {
                try (KafkaJedis jedis = pool.getResource()) {
                    jedis.kpush(topic, "after the stop");
                    assertEquals(first.port(), proxyPort(jedis));
                }
            }
        }
    }

    @Test
    void aRegisteredNodeThatRefusesConnectionsIsSkipped() throws Exception {
        try (DiscoveryKafkaJedisPool pool = new DiscoveryKafkaJedisPool(fleet.curator(), fleet.root(), as(APP))) {
            fleet.register("crashed", "address: 127.0.0.1:" + FreePorts.next() + "\nversion: x\nstarted: 1\n");
            Eventually.until(() -> ports(pool).size() == 2, "the crashed node listed");
            for (int i = 0; i < 6; i++) {
                try (KafkaJedis jedis = pool.getResource()) {
                    jedis.kpush(topic, "around the crashed node");
                    assertEquals(first.port(), proxyPort(jedis));
                }
            }
            fleet.deregister("crashed");
            Eventually.until(() -> ports(pool).equals(List.of(first.port())), "the crashed node dropped");
        }
    }

    @Test
    void withoutARegisteredNodeThereIsNoConnection() {
        try (DiscoveryKafkaJedisPool pool = new DiscoveryKafkaJedisPool(fleet.curator(), "/rkproxy/nobody", as(APP))) {
            JedisConnectionException e = assertThrows(JedisConnectionException.class, pool::getResource);
            assertEquals("no live rkproxy node registered under /rkproxy/nobody/nodes", e.getMessage());
        }
    }

    @Test
    void aClosedPoolListsNoNode() {
        DiscoveryKafkaJedisPool pool = new DiscoveryKafkaJedisPool(fleet.curator(), fleet.root(), as(APP));
        Eventually.until(() -> !pool.nodes().isEmpty(), "a node listed");
        pool.close();
        assertEquals(List.of(), pool.nodes());
        assertThrows(JedisConnectionException.class, pool::getResource);
    }

    private static List<Integer> ports(DiscoveryKafkaJedisPool pool) {
        return pool.nodes().stream().map(ProxyNode::port).sorted().toList();
    }

    /** The proxy's port the connection is to, from the proxy's own CLIENT INFO. */
    private static int proxyPort(KafkaJedis jedis) {
        Matcher laddr = LOCAL_PORT.matcher(jedis.clientInfo());
        if (!laddr.find()) {
            throw new AssertionError("no laddr in CLIENT INFO");
        }
        return Integer.parseInt(laddr.group(1));
    }
}
