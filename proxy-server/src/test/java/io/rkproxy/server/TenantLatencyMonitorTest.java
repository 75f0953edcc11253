package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.LatencyEvent;
import redis.clients.jedis.resps.LatencyHistoryInfo;
import redis.clients.jedis.resps.LatencyLatestInfo;

/**
 * LATENCY LATEST, HISTORY, RESET, DOCTOR and GRAPH for a tenant of a shared pool: its own commands at least its
 * {@code latency-monitor-threshold-ms} slow on this proxy node, as the event {@code command}. A dedicated pool's
 * tenant gets the backend's latency monitor, whose events are its own.
 */
class TenantLatencyMonitorTest {

    /** A script that keeps the backend busy for about this long, well over the threshold. */
    private static final int SLOW_MS = 40;
    private static final String SLOW_SCRIPT = """
            local t0 = redis.call('TIME')
            repeat
              local t = redis.call('TIME')
            until (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) >= tonumber(ARGV[1]) * 1000
            return 1""";

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1, latency-monitor-threshold-ms: 20}",
            "bob: {password: bob-secret, pool: cache, db: 2, latency-monitor-threshold-ms: 20}",
            "carol: {password: carol-secret, pool: cache, db: 3}",
            "dora: {password: dora-secret, pool: solo, db: 4, latency-monitor-threshold-ms: 20}")
            .withDedicatedPool("solo");

    @Test
    void aCommandOverTheThresholdIsAnEventOfTheTenantsOnlyAndResetClearsIt() {
        try (Jedis alice = jedis("alice-secret"); Jedis bob = jedis("bob-secret")) {
            alice.latencyReset();
            long before = System.currentTimeMillis() / 1000;
            slow(alice);
            Map<String, LatencyLatestInfo> latest = alice.latencyLatest();
            LatencyLatestInfo command = latest.get("command");
            assertTrue(command != null && command.getLastEventLatency() >= SLOW_MS
                    && command.getMaxEventLatency() >= command.getLastEventLatency()
                    && command.getTimestamp() >= before, String.valueOf(latest));
            List<LatencyHistoryInfo> history = alice.latencyHistory(LatencyEvent.COMMAND);
            assertEquals(1, history.size());
            assertEquals(command.getLastEventLatency(), history.get(0).getLatency());
            assertTrue(alice.latencyDoctor().contains("command: 1 latency spikes"), alice.latencyDoctor());
            assertTrue(bob.latencyLatest().isEmpty(), "alice's slow command is not bob's");
            assertTrue(bob.latencyHistory(LatencyEvent.COMMAND).isEmpty());
            assertEquals(1, alice.latencyReset());
            assertTrue(alice.latencyLatest().isEmpty());
            assertTrue(alice.latencyHistory(LatencyEvent.COMMAND).isEmpty());
        }
    }

    @Test
    void samplesOfOneSecondAreOneWithTheWorstLatencyAndGraphDrawsThem() {
        try (RespSocket alice = proxy.login("alice-secret")) {
            alice.call("LATENCY", "RESET");
            assertEquals("-ERR No samples available for event 'command'", alice.call("LATENCY", "GRAPH", "command"));
            assertEquals("-ERR unknown subcommand 'FOO'. Try LATENCY HELP.", alice.call("LATENCY", "FOO"));
            for (int i = 0; i < 3; i++) {
                long second = System.currentTimeMillis() / 1000;
                alice.call("EVAL", SLOW_SCRIPT, "0", Integer.toString(SLOW_MS));
                alice.call("EVAL", SLOW_SCRIPT, "0", Integer.toString(SLOW_MS * 2));
                if (System.currentTimeMillis() / 1000 == second) {
                    String history = alice.call("LATENCY", "HISTORY", "command");
                    String[] lines = history.split("\n");
                    assertEquals(2, lines.length, "one sample for both commands of one second: " + history);
                    assertTrue(Long.parseLong(lines[1].substring(1)) >= SLOW_MS * 2, history);
                    String graph = alice.call("LATENCY", "GRAPH", "command");
                    assertTrue(graph.startsWith("command - high ") && graph.contains("#"), graph);
                    return;
                }
                alice.call("LATENCY", "RESET");
            }
            throw new AssertionError("no two commands ran within one second");
        }
    }

    @Test
    void noThresholdRecordsNothingAndConfigGetAnswersTheTenantsThreshold() {
        try (Jedis carol = jedis("carol-secret"); Jedis alice = jedis("alice-secret")) {
            slow(carol);
            assertTrue(carol.latencyLatest().isEmpty());
            assertTrue(carol.latencyDoctor().contains("latency monitor is off"), carol.latencyDoctor());
            assertEquals(Map.of("latency-monitor-threshold", "0"), carol.configGet("latency-monitor-threshold"));
            assertEquals(Map.of("latency-monitor-threshold", "20"), alice.configGet("latency-monitor-*"));
        }
        assertEquals("latency-monitor-threshold\n0", proxy.redis().call("CONFIG", "GET", "latency-monitor-threshold"),
                "the backend's own monitor stays off");
    }

    @Test
    void aDedicatedPoolsTenantGetsTheBackendsLatencyMonitor() {
        try (Jedis dora = jedis("dora-secret")) {
            assertEquals("OK", dora.configSet("latency-monitor-threshold", "10"));
            dora.latencyReset();
            slow(dora);
            String direct = proxy.dedicatedRedis().call("LATENCY", "LATEST");
            assertTrue(direct.startsWith("command\n"), direct);
            assertTrue(dora.latencyLatest().containsKey("command"));
            assertEquals(Map.of("latency-monitor-threshold", "10"), dora.configGet("latency-monitor-threshold"),
                    "the backend's threshold, which its LATENCY answers from");
            assertEquals(1, dora.latencyReset());
            assertEquals("", proxy.dedicatedRedis().call("LATENCY", "LATEST"));
        }
    }

    private static void slow(Jedis jedis) {
        assertEquals(1L, jedis.eval(SLOW_SCRIPT, 0, Integer.toString(SLOW_MS)));
    }

    private static Jedis jedis(String password) {
        Jedis jedis = new Jedis("127.0.0.1", proxy.port());
        jedis.auth(password);
        return jedis;
    }
}
