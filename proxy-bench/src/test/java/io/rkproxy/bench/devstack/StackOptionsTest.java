package io.rkproxy.bench.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StackOptionsTest {

    @Test
    void noPartNamedRunsAllFourOnTheirDefaultPortsWithTheDefaultTopic() {
        assertEquals(new StackOptions(OptionalInt.of(2181), OptionalInt.of(9092), OptionalInt.of(7000),
                OptionalInt.of(6379), List.of(new Topic("orders", 3))), StackOptions.parse());
    }

    @Test
    void topicsAloneStillRunEveryPartAndReplaceTheDefaultTopic() {
        StackOptions options = StackOptions.parse("--topic", "a:2", "--topic=b");
        assertEquals(List.of(new Topic("a", 2), new Topic("b", 1)), options.topics());
        assertEquals(OptionalInt.of(6379), options.redisPort());
    }

    @Test
    void namedPartsRunAloneOnTheirDefaultOrGivenPorts() {
        assertEquals(new StackOptions(OptionalInt.of(2181), OptionalInt.empty(), OptionalInt.of(7100),
                OptionalInt.empty(), List.of()), StackOptions.parse("--zookeeper", "--cluster=7100"));
    }

    @Test
    void aTopicWithoutTheBrokerAmongNamedPartsIsRefused() {
        UsageException refused = assertThrows(UsageException.class,
                () -> StackOptions.parse("--redis", "--topic", "a"));
        assertTrue(refused.getMessage().contains("--topic needs --kafka"), refused.getMessage());
    }

    @Test
    void badPortsTopicsAndFlagsAreRefusedWithWhatIsWrong() {
        assertRefused("bad port in --redis=0", "--redis=0");
        assertRefused("bad port in --kafka=x", "--kafka=x");
        // the last node's cluster bus port would be past 65535
        assertRefused("bad port in --cluster=55534 (1..55533)", "--cluster=55534");
        assertRefused("bad partition count in a:0", "--kafka", "--topic", "a:0");
        assertRefused("bad topic name in :3", "--kafka", "--topic", ":3");
        assertRefused("--topic needs NAME[:PARTITIONS]", "--kafka", "--topic");
        assertRefused("unknown argument --zk", "--zk");
    }

    @Test
    void everyPortThePartsListenOnIsCheckedClusterBusPortsIncluded() {
        assertEquals(List.of(7100, 17100, 7101, 17101, 7102, 17102, 6390),
                StackOptions.parse("--cluster=7100", "--redis=6390").ports().stream().map(PortUse::port).toList());
    }

    @Test
    void aTakenPortIsRefusedNamingTheFlagThatChoseIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PortUse use = new PortUse(taken.getLocalPort(), "--redis", "redis-server");
            IllegalStateException refused = assertThrows(IllegalStateException.class, use::requireFree);
            assertEquals("port " + taken.getLocalPort() + " (redis-server) is in use; pick another with --redis=PORT,"
                    + " or stop what listens there", refused.getMessage());
        }
    }

    private static void assertRefused(String problem, String... args) {
        UsageException refused = assertThrows(UsageException.class, () -> StackOptions.parse(args));
        assertTrue(refused.getMessage().startsWith(problem), refused.getMessage());
    }
}
