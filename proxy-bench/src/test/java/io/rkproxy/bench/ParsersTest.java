package io.rkproxy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the run reads from the tools it drives: redis-benchmark's CSV, CLUSTER NODES, /proc/stat, rkproxy's log. */
class ParsersTest {

    @Test
    void redisBenchmarkCsvGivesRequestsPerSecondAndP50ByTest() {
        Map<String, RedisBenchmark.Figures> figures = RedisBenchmark.parseCsv(List.of(
                "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\"",
                "\"SET\",\"98039.22\",\"0.282\",\"0.080\",\"0.263\",\"0.447\"",
                "\"KPUSH bench xxxx\",\"41000.00\",\"1.100\",\"0.300\",\"1.023\",\"2.000\""));
        assertEquals(Map.of("SET", new RedisBenchmark.Figures(98039.22, 0.263),
                "KPUSH bench xxxx", new RedisBenchmark.Figures(41000.0, 1.023)), figures);
    }

    @Test
    void clusterNodesNameTheMasterOfASlotAndSkipMigratingEntriesAndReplicas() {
        String nodes = String.join("\n",
                "a1 127.0.0.1:7382@17382 myself,master - 0 0 1 connected 0-5460",
                "b2 127.0.0.1:7383@17383 master - 0 1700000000000 2 connected 5461-10922 [10923->-c3]",
                "c3 127.0.0.1:7384@17384 master - 0 1700000000000 3 connected 10923-16383",
                "d4 127.0.0.1:7390@17390 slave a1 0 1700000000000 1 connected");
        assertEquals(7382, RedisCluster.ownerOf(nodes, 0));
        assertEquals(7383, RedisCluster.ownerOf(nodes, 10922));
        assertEquals(7384, RedisCluster.ownerOf(nodes, 10923));
        assertEquals(-1, RedisCluster.ownerOf("a1 127.0.0.1:7382@17382 master - 0 0 1 connected 7", 8));
    }

    @Test
    void busyShareCountsAllButIdleAndIowait() {
        assertEquals(25, CpuLoad.busyPercent("cpu  100 0 100 700 100 0 0 0 0 0", "cpu  150 0 150 1000 100 0 0 0 0 0"));
        assertEquals(0, CpuLoad.busyPercent("cpu  1 2 3 4 5", "cpu  1 2 3 4 5"));
    }

    @Test
    void rkproxyLogWarningsAreThoseAboveInfo() {
        assertTrue(Rkproxy.isWarning("12:00:00.000 WARN  [main] pool bench: backend down"));
        assertTrue(Rkproxy.isWarning("java.io.IOException: reset"));
        assertFalse(Rkproxy.isWarning("12:00:00.000 INFO  [kafka] RebalanceInProgressException, rejoining"));
        assertFalse(Rkproxy.isWarning("12:00:00.000 INFO  [main] listening on 7381"));
    }
}
