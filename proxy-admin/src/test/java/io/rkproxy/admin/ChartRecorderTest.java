package io.rkproxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.metrics.TenantMeters;
import io.rkproxy.core.runtime.ProxySnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChartRecorderTest {

    private static final long STEP = ChartRecorder.STEP.toMillis();

    private final ProxyAdmin admin = new FakeNode().pool("cache", Optional.empty())
            .kafkaPool("events", Optional.empty(), Map.of()).admin();
    private final ChartRecorder charts = new ChartRecorder(admin.runtime());

    private TenantMeters meters(String tenant) {
        return admin.runtime().meters().meters(tenant);
    }

    private static void commands(TenantMeters m, int n, long latencyNanos) {
        for (int i = 0; i < n; i++) {
            m.command("get");
            m.latency().record(latencyNanos);
            m.request(100, false);
            m.reply(20, false);
        }
    }

    @Test
    void aStepChartsEachTenantsRatesAndEachPoolTheSumOfItsTenants() {
        charts.sample(1_000);
        assertEquals(List.of(), charts.tenant("alice").orElseThrow(), "the first step is the baseline");
        commands(meters("alice"), 50, 200_000);
        for (int i = 0; i < 5; i++) {
            meters("alice").error("ERR");
        }
        commands(meters("carol"), 10, 3_000_000);

        charts.sample(1_000 + STEP);

        SeriesPoint alice = charts.tenant("alice").orElseThrow().get(0);
        assertEquals(new SeriesPoint(1_000 + STEP, 10, 1, 250L, 250L, 1_000, 200), alice);
        SeriesPoint bob = charts.tenant("bob").orElseThrow().get(0);
        assertEquals(0, bob.opsPerSecond());
        assertNull(bob.p99Micros(), "no command, no latency");
        SeriesPoint cache = charts.pool("cache").orElseThrow().get(0);
        assertEquals(12, cache.opsPerSecond(), "alice and carol use cache");
        assertEquals(250L, cache.p50Micros());
        assertEquals(5_000L, cache.p99Micros(), "carol's 3 ms are the pool's p99");
        assertEquals(10, charts.pool("events").orElseThrow().get(0).opsPerSecond(), "alice and bob use events");
    }

    @Test
    void aSeriesKeepsItsNewest180PointsOnly() {
        for (int step = 0; step <= 200; step++) {
            commands(meters("alice"), step, 1_000);
            charts.sample(step * STEP + 1);
        }
        List<SeriesPoint> points = charts.tenant("alice").orElseThrow();
        assertEquals(ChartRecorder.POINTS, points.size());
        assertEquals(21 * STEP + 1, points.get(0).epochMillis(), "oldest first: steps 21 to 200");
        assertEquals(200.0 / (STEP / 1000.0), points.get(points.size() - 1).opsPerSecond());
    }

    @Test
    void aRemovedTenantsSeriesIsForgottenAtTheNextStep() {
        charts.sample(1);
        assertTrue(charts.tenant("carol").isPresent());
        ProxyConfig config = admin.runtime().snapshot().config();
        Map<String, TenantConfig> tenants = new LinkedHashMap<>(config.tenants());
        tenants.remove("carol");
        admin.runtime().swap(new ProxySnapshot(new ProxyConfig(config.source(), config.server(), config.admin(),
                config.sourceConfig(), config.pools(), config.kafkaPools(), tenants),
                admin.runtime().snapshot().pools(), admin.runtime().snapshot().kafkaPools()));

        charts.sample(1 + STEP);

        assertTrue(charts.tenant("carol").isEmpty());
        assertTrue(charts.tenant("alice").isPresent());
    }
}
