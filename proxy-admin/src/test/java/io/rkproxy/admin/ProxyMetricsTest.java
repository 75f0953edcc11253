package io.rkproxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.admin.ProxyAdmin;
import io.rkproxy.core.backend.BackendNodeStatus;
import io.rkproxy.core.backend.KafkaTenantFigures;
import io.rkproxy.core.metrics.TenantMeters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyMetricsTest {

    private static final BackendNodeStatus UP =
            new BackendNodeStatus("10.0.0.1:7000", true, 1500, 2, 3, 1, Optional.empty());
    private static final BackendNodeStatus DOWN =
            new BackendNodeStatus("10.0.0.2:7000", false, -1, 0, 0, 7, Optional.of("connection refused"));

    private static String scrape(ProxyAdmin admin) {
        return new ProxyMetrics(admin).scrape();
    }

    private static List<String> samples(String text, String family) {
        return text.lines().filter(l -> l.startsWith(family + "{") || l.startsWith(family + " ")).toList();
    }

    @Test
    void backendFamiliesHaveASeriesPerPoolAndNodeAndLatencyOnlyWhereMeasured() {
        String text = scrape(new FakeNode().pool("cache", Optional.empty(), UP, DOWN)
                .kafkaPool("events", Optional.of("no brokers"), Map.of()).admin());
        assertEquals(List.of("rkproxy_backend_up{pool=\"cache\",node=\"10.0.0.1:7000\"} 1",
                "rkproxy_backend_up{pool=\"cache\",node=\"10.0.0.2:7000\"} 0"), samples(text, "rkproxy_backend_up"));
        assertEquals(List.of("rkproxy_backend_latency_seconds{pool=\"cache\",node=\"10.0.0.1:7000\"} 0.0015"),
                samples(text, "rkproxy_backend_latency_seconds"));
        assertEquals(List.of("rkproxy_backend_connections{pool=\"cache\",node=\"10.0.0.1:7000\"} 2",
                "rkproxy_backend_connections{pool=\"cache\",node=\"10.0.0.2:7000\"} 0"),
                samples(text, "rkproxy_backend_connections"));
        assertEquals("rkproxy_backend_in_flight_commands{pool=\"cache\",node=\"10.0.0.1:7000\"} 3",
                samples(text, "rkproxy_backend_in_flight_commands").get(0));
        assertEquals("rkproxy_backend_reconnects_total{pool=\"cache\",node=\"10.0.0.2:7000\"} 7",
                samples(text, "rkproxy_backend_reconnects_total").get(1));
        assertEquals(List.of("rkproxy_pool_available{pool=\"cache\",type=\"redis-cluster\"} 1",
                "rkproxy_pool_available{pool=\"events\",type=\"kafka\"} 0"), samples(text, "rkproxy_pool_available"));
    }

    @Test
    void kafkaFiguresArePerPoolAndTenantAndLagOnlyWhereKnown() {
        String text = scrape(new FakeNode().pool("cache", Optional.empty())
                .kafkaPool("events", Optional.empty(), Map.of(
                        "alice", new KafkaTenantFigures(10, 4, 3, 1, 5, List.of()),
                        "bob", new KafkaTenantFigures(0, 8, 0, 0, -1, List.of()))).admin());
        assertEquals(List.of("rkproxy_kafka_produced_records_total{pool=\"events\",tenant=\"alice\"} 10",
                "rkproxy_kafka_produced_records_total{pool=\"events\",tenant=\"bob\"} 0"),
                samples(text, "rkproxy_kafka_produced_records_total"));
        assertEquals("rkproxy_kafka_consumed_records_total{pool=\"events\",tenant=\"bob\"} 8",
                samples(text, "rkproxy_kafka_consumed_records_total").get(1));
        assertEquals("rkproxy_kafka_acked_records_total{pool=\"events\",tenant=\"alice\"} 3",
                samples(text, "rkproxy_kafka_acked_records_total").get(0));
        assertEquals("rkproxy_kafka_delivery_errors_total{pool=\"events\",tenant=\"alice\"} 1",
                samples(text, "rkproxy_kafka_delivery_errors_total").get(0));
        assertEquals(List.of("rkproxy_kafka_consumer_lag_records{pool=\"events\",tenant=\"alice\"} 5"),
                samples(text, "rkproxy_kafka_consumer_lag_records"));
    }

    @Test
    void tenantFamiliesReadTheTenantsMeters() {
        ProxyAdmin admin = new FakeNode().pool("cache", Optional.empty())
                .kafkaPool("events", Optional.empty(), Map.of()).admin();
        TenantMeters carol = admin.runtime().meters().meters("carol");
        carol.command("get");
        carol.command("get");
        carol.error("WRONGTYPE");
        carol.latency().record(300_000);
        carol.request(100, true);
        carol.reply(20, false);
        carol.connections().tryAcquire(0);
        String text = scrape(admin);
        assertEquals(List.of("rkproxy_tenant_commands_total{tenant=\"carol\",command=\"get\"} 2"),
                samples(text, "rkproxy_tenant_commands_total"));
        assertEquals(List.of("rkproxy_tenant_errors_total{tenant=\"carol\",kind=\"WRONGTYPE\"} 1"),
                samples(text, "rkproxy_tenant_errors_total"));
        assertTrue(text.contains("rkproxy_tenant_command_duration_seconds_bucket{tenant=\"carol\",le=\"0.00025\"} 0\n"
                + "rkproxy_tenant_command_duration_seconds_bucket{tenant=\"carol\",le=\"0.0005\"} 1\n"));
        assertTrue(text.contains("rkproxy_tenant_command_duration_seconds_sum{tenant=\"carol\"} 0.0003\n"
                + "rkproxy_tenant_command_duration_seconds_count{tenant=\"carol\"} 1\n"));
        assertEquals(List.of("rkproxy_tenant_request_bytes_total{tenant=\"carol\"} 100"),
                samples(text, "rkproxy_tenant_request_bytes_total"));
        assertEquals(List.of("rkproxy_tenant_reply_bytes_total{tenant=\"carol\"} 20"),
                samples(text, "rkproxy_tenant_reply_bytes_total"));
        assertEquals(List.of("rkproxy_tenant_big_requests_total{tenant=\"carol\"} 1"),
                samples(text, "rkproxy_tenant_big_requests_total"));
        assertEquals(List.of("rkproxy_tenant_connections{tenant=\"carol\"} 1"),
                samples(text, "rkproxy_tenant_connections"));
        assertEquals(8, samples(text, "rkproxy_tenant_refusals_total").size(), "one series per reason");
    }

    @Test
    void nodeFamiliesDescribeThisNodeAndItsConfig() {
        String text = scrape(new FakeNode().pool("cache", Optional.empty())
                .kafkaPool("events", Optional.empty(), Map.of()).admin());
        assertEquals(List.of("rkproxy_info{version=\"9.9.9\",node=\"node-1\"} 1"), samples(text, "rkproxy_info"));
        assertEquals(List.of("rkproxy_config_generation 1"), samples(text, "rkproxy_config_generation"));
        assertEquals(List.of("rkproxy_config_last_load_accepted 1"),
                samples(text, "rkproxy_config_last_load_accepted"));
        assertEquals(List.of("rkproxy_slowlog_entries 0"), samples(text, "rkproxy_slowlog_entries"));
        assertEquals(1, samples(text, "rkproxy_config_last_load_timestamp_seconds").size());
    }
}
