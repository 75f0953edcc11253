package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rkproxy.core.metrics.Refusal;
import io.rkproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** {@code /metrics} read by Prometheus's own Python client parser, and checked against the format's rules. */
class MetricsEndpointTest {

    /** Parses stdin with prometheus_client and prints each family's name, type and samples as JSON. */
    private static final String PARSER = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = [{"name": f.name, "type": f.type,
                    "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]}
                   for f in text_string_to_metric_families(sys.stdin.read())]
            json.dump(out, sys.stdout)
            """;
    private static final int SETS = 7;
    /** A made-up command name holding every character a label value must escape. */
    private static final String ODD_COMMAND = "odd\"quote\\backslash\nnewline";

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password: bob-secret, pool: cache, db: 2, commands: {deny: [del]}}")
            .withServerKeys("slowlog-log-slower-than-us: 0")
            .withAdmin("{bind: 127.0.0.1, port: 0}");

    private static Jedis alice;
    private static RespSocket unauthenticated;

    @BeforeAll
    static void traffic() {
        alice = new Jedis("127.0.0.1", proxy.port());
        alice.auth("alice-secret");
        for (int i = 0; i < SETS; i++) {
            alice.set("k" + i, "v" + i);
        }
        alice.set("s", "string");
        assertThrows(JedisDataException.class, () -> alice.lpush("s", "x"));
        try (Jedis bob = new Jedis("127.0.0.1", proxy.port())) {
            bob.auth("bob-secret");
            assertThrows(JedisDataException.class, () -> bob.del("k"));
        }
        try (RespSocket c = proxy.login("alice-secret")) {
            c.call(ODD_COMMAND);
        }
        Eventually.until(() -> proxy.runtime().meters().meters("bob").connections().get() == 0, "bob left");
        try (RespSocket c = new RespSocket(proxy.port(), "127.0.0.51")) {
            for (int i = 0; i < 3; i++) {
                c.call("AUTH", "bob", "guess" + i);
            }
            c.call("AUTH", "guess");
            c.call("AUTH", "nobody", "guess");
        }
        unauthenticated = new RespSocket(proxy.port());
        assertEquals("-NOAUTH Authentication required.", unauthenticated.call("PING"));
        Eventually.until(() -> proxy.runtime().unauthenticated().count() == 1, "the failed logins' socket is gone");
    }

    @AfterAll
    static void close() {
        alice.close();
        unauthenticated.close();
    }

    private static String scrape() {
        HttpResponse<String> response = new ConsoleClient(proxy.adminPort()).get("/metrics");
        assertEquals(200, response.statusCode());
        return response.body();
    }

    @Test
    void contentTypeIsTheTextFormat004() {
        HttpResponse<String> response = new ConsoleClient(proxy.adminPort()).get("/metrics");
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void theTextFollowsTheFormatRulesStrictly() {
        PrometheusTextRules.check(scrape());
    }

    @Test
    void thePrometheusParserReadsEveryFamilyWithItsType() {
        Map<String, String> types = new TreeMap<>();
        for (JsonNode family : parse(scrape())) {
            types.put(family.get("name").asText(), family.get("type").asText());
        }
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("rkproxy_info", "gauge"),
                Map.entry("rkproxy_config_generation", "gauge"),
                Map.entry("rkproxy_config_last_load_accepted", "gauge"),
                Map.entry("rkproxy_config_last_load_timestamp_seconds", "gauge"),
                Map.entry("rkproxy_slowlog_entries", "gauge"),
                Map.entry("rkproxy_zookeeper_connected", "gauge"),
                Map.entry("rkproxy_tenant_commands", "counter"),
                Map.entry("rkproxy_tenant_errors", "counter"),
                Map.entry("rkproxy_tenant_refusals", "counter"),
                Map.entry("rkproxy_tenant_command_duration_seconds", "histogram"),
                Map.entry("rkproxy_tenant_request_bytes", "counter"),
                Map.entry("rkproxy_tenant_reply_bytes", "counter"),
                Map.entry("rkproxy_tenant_big_requests", "counter"),
                Map.entry("rkproxy_tenant_big_replies", "counter"),
                Map.entry("rkproxy_tenant_connections", "gauge"),
                Map.entry("rkproxy_hot_key_ops_per_second", "gauge"),
                Map.entry("rkproxy_big_key_bytes", "gauge"),
                Map.entry("rkproxy_auth_failures", "counter"),
                Map.entry("rkproxy_auth_unattributed_failures", "counter"),
                Map.entry("rkproxy_auth_delayed", "counter"),
                Map.entry("rkproxy_unauthenticated_connections", "gauge"),
                Map.entry("rkproxy_unauthenticated_refusals", "counter"),
                Map.entry("rkproxy_unauthenticated_buffer_bytes", "gauge"),
                Map.entry("rkproxy_unauthenticated_buffer_closes", "counter"),
                Map.entry("rkproxy_pool_available", "gauge"),
                Map.entry("rkproxy_backend_up", "gauge"),
                Map.entry("rkproxy_backend_latency_seconds", "gauge"),
                Map.entry("rkproxy_backend_connections", "gauge"),
                Map.entry("rkproxy_backend_in_flight_commands", "gauge"),
                Map.entry("rkproxy_backend_reconnects", "counter"),
                Map.entry("rkproxy_kafka_produced_records", "counter"),
                Map.entry("rkproxy_kafka_consumed_records", "counter"),
                Map.entry("rkproxy_kafka_acked_records", "counter"),
                Map.entry("rkproxy_kafka_delivery_errors", "counter"),
                Map.entry("rkproxy_kafka_consumer_lag_records", "gauge")));
        assertEquals(expected, types);
    }

    @Test
    void tenantFamiliesHoldTheLiveFigures() {
        Samples s = new Samples(parse(scrape()));
        assertEquals(SETS + 1, s.value("rkproxy_tenant_commands_total", "tenant", "alice", "command", "set"));
        assertEquals(1, s.value("rkproxy_tenant_commands_total", "tenant", "alice", "command", "lpush"));
        assertEquals(1, s.value("rkproxy_tenant_errors_total", "tenant", "alice", "kind", "WRONGTYPE"));
        assertEquals(1, s.value("rkproxy_tenant_refusals_total", "tenant", "bob", "reason", "no_permission"));
        for (Refusal reason : Refusal.values()) {
            s.value("rkproxy_tenant_refusals_total", "tenant", "alice", "reason",
                    reason.name().toLowerCase(Locale.ROOT));
        }
        double count = s.value("rkproxy_tenant_command_duration_seconds_count", "tenant", "alice");
        assertTrue(count >= SETS + 2, "every command's latency is recorded: " + count);
        assertEquals(count, s.value("rkproxy_tenant_command_duration_seconds_bucket", "tenant", "alice", "le", "+Inf"));
        assertTrue(s.value("rkproxy_tenant_command_duration_seconds_sum", "tenant", "alice") > 0);
        assertTrue(s.value("rkproxy_tenant_request_bytes_total", "tenant", "alice") > 0);
        assertTrue(s.value("rkproxy_tenant_reply_bytes_total", "tenant", "alice") > 0);
        assertEquals(0, s.value("rkproxy_tenant_big_requests_total", "tenant", "alice"));
        assertEquals(1, s.value("rkproxy_tenant_connections", "tenant", "alice"), "the Jedis client is open");
        assertEquals(0, s.value("rkproxy_tenant_connections", "tenant", "bob"));
    }

    @Test
    void failedAuthsAreCountedByTheTenantTheyNamedAndNeverByAddress() {
        String text = scrape();
        Samples s = new Samples(parse(text));
        assertEquals(3, s.value("rkproxy_auth_failures_total", "tenant", "bob"));
        assertEquals(0, s.value("rkproxy_auth_failures_total", "tenant", "alice"), "every tenant has its series");
        assertEquals(2, s.value("rkproxy_auth_unattributed_failures_total"), "a password alone, an unknown user");
        assertEquals(0, s.value("rkproxy_auth_delayed_total"), "none past auth-max-failures");
        assertFalse(text.contains("127.0.0.51"), "addresses are no label: there is no bound to how many there are");
    }

    @Test
    void unauthenticatedFamiliesShowTheConnectionsAndWhatTheirLimitsRefused() {
        Samples s = new Samples(parse(scrape()));
        assertEquals(1, s.value("rkproxy_unauthenticated_connections"), "the socket that never authenticated");
        assertEquals(0, s.value("rkproxy_unauthenticated_refusals_total", "cap", "node"));
        assertEquals(0, s.value("rkproxy_unauthenticated_refusals_total", "cap", "address"));
        assertEquals(0, s.value("rkproxy_unauthenticated_buffer_bytes"), "it has no partial command");
        assertEquals(0, s.value("rkproxy_unauthenticated_buffer_closes_total"));
    }

    @Test
    void labelValuesAreEscapedSoAnyCommandNameParsesBack() {
        Samples s = new Samples(parse(scrape()));
        assertEquals(1, s.value("rkproxy_tenant_commands_total", "tenant", "alice", "command", ODD_COMMAND));
        assertTrue(scrape().contains("command=\"odd\\\"quote\\\\backslash\\nnewline\""));
    }

    @Test
    void poolAndBackendFamiliesShowTheBackend() {
        Samples s = new Samples(parse(scrape()));
        String node = proxy.redis().address();
        assertEquals(1, s.value("rkproxy_pool_available", "pool", "cache", "type", "redis"));
        assertEquals(1, s.value("rkproxy_backend_up", "pool", "cache", "node", node));
        assertTrue(s.value("rkproxy_backend_connections", "pool", "cache", "node", node) >= 1);
        assertEquals(0, s.value("rkproxy_backend_in_flight_commands", "pool", "cache", "node", node));
        assertEquals(0, s.value("rkproxy_backend_reconnects_total", "pool", "cache", "node", node));
    }

    @Test
    void nodeFamiliesShowVersionConfigAndSlowLog() {
        Samples s = new Samples(parse(scrape()));
        assertEquals(1, s.value("rkproxy_info", "version", proxy.runtime().version(), "node",
                proxy.runtime().nodeId()));
        assertEquals(1, s.value("rkproxy_config_generation"));
        assertEquals(1, s.value("rkproxy_config_last_load_accepted"));
        double loadedAt = s.value("rkproxy_config_last_load_timestamp_seconds");
        assertTrue(Math.abs(System.currentTimeMillis() / 1000.0 - loadedAt) < 600, "a Unix time in seconds");
        assertTrue(s.value("rkproxy_slowlog_entries") > 0, "every command is slow at 0 us");
    }

    @Test
    void everyExposedMetricFamilyIsDocumented() {
        assertEquals(declaredFamilies(scrape()).keySet(), DocumentedMetrics.read().keySet(),
                "the families on /metrics and in docs/operations.md's metric table");
    }

    /** Kafka families have no sample without a Kafka pool: their labels go unchecked here. */
    @Test
    void everyDocumentedMetricExistsWithItsTypeAndLabels() {
        String text = scrape();
        Map<String, String> declared = declaredFamilies(text);
        Map<String, Set<Set<String>>> labels = labelNamesByFamily(parse(text));
        DocumentedMetrics.read().forEach((name, documented) -> {
            assertEquals(documented.type(), declared.get(name), name + "'s type on /metrics");
            if (labels.containsKey(name)) {
                assertEquals(Set.of(documented.labels()), labels.get(name), name + "'s label names on /metrics");
            }
        });
        assertTrue(labels.containsKey("rkproxy_tenant_command_duration_seconds")
                && labels.containsKey("rkproxy_backend_up"), "the traffic gives most families samples");
    }

    /** Family name to type, from the {@code # TYPE} lines. */
    private static Map<String, String> declaredFamilies(String text) {
        Map<String, String> families = new TreeMap<>();
        text.lines().filter(line -> line.startsWith("# TYPE ")).map(line -> line.split(" "))
                .forEach(words -> families.put(words[2], words[3]));
        return families;
    }

    /** The label names of each family's samples, {@code le} aside, by the family's name on /metrics. */
    private static Map<String, Set<Set<String>>> labelNamesByFamily(JsonNode families) {
        Map<String, Set<Set<String>>> out = new TreeMap<>();
        for (JsonNode family : families) {
            // the parser drops a counter family's _total, which its samples keep
            String name = family.get("name").asText() + (family.get("type").asText().equals("counter") ? "_total" : "");
            for (JsonNode sample : family.get("samples")) {
                Set<String> names = new TreeSet<>();
                sample.get("labels").fieldNames().forEachRemaining(names::add);
                names.remove("le");
                out.computeIfAbsent(name, n -> new HashSet<>()).add(names);
            }
        }
        return out;
    }

    /** The parsed samples, found by name and labels. */
    private record Samples(Map<String, Double> byKey) {

        Samples(JsonNode families) {
            this(new HashMap<>());
            for (JsonNode family : families) {
                for (JsonNode sample : family.get("samples")) {
                    Map<String, String> labels = new TreeMap<>();
                    sample.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                    byKey.put(sample.get("name").asText() + labels, sample.get("value").asDouble());
                }
            }
        }

        double value(String name, String... labels) {
            Map<String, String> wanted = new TreeMap<>();
            for (int i = 0; i < labels.length; i += 2) {
                wanted.put(labels[i], labels[i + 1]);
            }
            Double value = byKey.get(name + wanted);
            if (value == null) {
                throw new AssertionError("no sample " + name + wanted + " among " + Set.copyOf(byKey.keySet()));
            }
            return value;
        }
    }

    private static JsonNode parse(String text) {
        try {
            Process python = new ProcessBuilder("/usr/bin/python3", "-c", PARSER).start();
            python.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            python.getOutputStream().close();
            String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(python.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, python.exitValue(), "the Prometheus parser rejected the text: " + err);
            return ConsoleClient.parse(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
