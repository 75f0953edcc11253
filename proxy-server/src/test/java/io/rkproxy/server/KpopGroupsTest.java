package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.backend.KafkaGateway;
import io.rkproxy.testkit.RespSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.ConsumerGroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Proxy-managed KPOP: every proxy node is one member of the tenant's group, and idle members leave it. */
class KpopGroupsTest {

    @RegisterExtension
    static final KafkaProxyExtension kafka = new KafkaProxyExtension(false, "kpop-idle-ms: 1000",
            "shop: {password: shop-secret, kafka: events, topics: {${fleet}: [produce, consume], "
                    + "${idle}: [produce, consume], ${lagging}: [produce, consume]}}",
            "ops: {password: ops-secret, pool: cache, admin: true}");

    private static RespSocket login(int port) {
        RespSocket c = new RespSocket(port);
        assertEquals("+OK", c.call("AUTH", "shop-secret"));
        return c;
    }

    /** The members that own partitions, once the group is stable; 0 while it rebalances. */
    private static int members(String topic) throws Exception {
        String group = "rkproxy.kpop:shop:" + topic;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.broker().bootstrap()))) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            if (d.state() != ConsumerGroupState.STABLE) {
                return 0;
            }
            return (int) d.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
        }
    }

    @Test
    void twoProxyNodesShareTheTenantsGroupAndDeliverEachRecordOnce() throws Exception {
        String fleet = kafka.createTopic("fleet", 4);
        try (RunningProxy second = kafka.startAnotherProxy();
             RespSocket a = kafka.login("shop-secret"); RespSocket b = login(second.port())) {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (members(fleet) < 2) {
                assertTrue(System.nanoTime() < deadline, "both nodes should join the group");
                a.call("KPOP", fleet);
                b.call("KPOP", fleet);
                Thread.sleep(100);
            }
            for (int i = 0; i < 40; i++) {
                a.call("KPUSH", fleet, Integer.toString(i % 4), "m" + i);
            }
            List<String> all = new ArrayList<>();
            Set<String> fromA = new HashSet<>();
            Set<String> fromB = new HashSet<>();
            while (all.size() < 40) {
                assertTrue(System.nanoTime() < deadline + 20_000_000_000L, "got " + all);
                String ra = a.call("KPOP", fleet);
                String rb = b.call("KPOP", fleet);
                if (!ra.equals("(nil)")) {
                    fromA.add(ra.split("\n")[2]);
                    all.add(ra.split("\n")[2]);
                }
                if (!rb.equals("(nil)")) {
                    fromB.add(rb.split("\n")[2]);
                    all.add(rb.split("\n")[2]);
                }
            }
            assertEquals(40, new HashSet<>(all).size(), "no record twice: " + all);
            assertTrue(!fromA.isEmpty() && !fromB.isEmpty(), "each node owns partitions of its own");
        }
    }

    /** The lag this node reports for the shop tenant's KPOP group on {@code topic}, by partition. */
    private static Map<Integer, Long> lagByPartition(String topic) {
        KafkaGateway pool = kafka.proxy().server().runtime().snapshot().kafkaPools().get("events");
        Map<Integer, Long> lags = new TreeMap<>();
        pool.tenantFigures().get("shop").partitions().stream()
                .filter(p -> p.topic().equals(topic) && p.group().equals("rkproxy.kpop:shop:" + topic))
                .forEach(p -> lags.put(p.partition(), p.lag()));
        return lags;
    }

    @Test
    void kpopLagIsReportedPerPartitionAsPushedMinusPopped() {
        String lagging = kafka.createTopic("lagging", 2);
        int[] left = {7, 4};
        try (RespSocket c = kafka.login("shop-secret")) {
            for (int p = 0; p < left.length; p++) {
                for (int i = 0; i < left[p]; i++) {
                    assertTrue(c.call("KPUSH", lagging, Integer.toString(p), "m" + i).startsWith(p + "\n"));
                }
            }
            int popped = 0;
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (popped < 5) {
                assertTrue(System.nanoTime() < deadline, "KPOP should hand out the records pushed");
                String reply = c.call("KPOP", lagging);
                if (reply.equals("(nil)")) {
                    Thread.sleep(50);
                } else {
                    left[Integer.parseInt(reply.split("\n")[0])]--;
                    popped++;
                }
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Map<Integer, Long> expected = Map.of(0, (long) left[0], 1, (long) left[1]);
        Eventually.until(() -> lagByPartition(lagging).equals(expected),
                "the lag by partition is " + expected);
        try (RespSocket ops = kafka.login("ops-secret")) {
            String stats = ops.call("PROXY", "STATS", "shop");
            for (int p = 0; p < left.length; p++) {
                String entry = "\ntopic\n" + lagging + "\npartition\n:" + p + "\nlag\n:" + left[p];
                assertTrue(stats.endsWith(entry) || stats.contains(entry + "\n"),
                        "PROXY STATS shows partition " + p + "'s lag: " + stats);
            }
        }
    }

    @Test
    void anIdleMemberLeavesTheGroup() throws Exception {
        String idle = kafka.createTopic("idle", 1);
        try (RespSocket c = kafka.login("shop-secret")) {
            c.call("KPOP", idle);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (members(idle) == 0) {
                assertTrue(System.nanoTime() < deadline, "the node should join");
                Thread.sleep(100);
            }
            while (members(idle) > 0) {
                assertTrue(System.nanoTime() < deadline + 10_000_000_000L, "the idle member should leave");
                Thread.sleep(200);
            }
        }
    }
}
