package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/grafana-dashboard.json and docs/prometheus-alerts.yml use only metrics that exist: documented in
 * docs/operations.md's metric table and declared on a running node's {@code /metrics}, grouped and selected by labels
 * those families have.
 */
class DashboardMetricsTest {

    private static final Path DASHBOARD = Path.of("..", "docs", "grafana-dashboard.json");
    private static final Path ALERTS = Path.of("..", "docs", "prometheus-alerts.yml");
    private static final Pattern METRIC = Pattern.compile("rkproxy_[a-z_]+");
    private static final Pattern HISTOGRAM_SERIES = Pattern.compile("_(bucket|sum|count)$");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without) \\(([^)]*)\\)");
    private static final Pattern SELECTOR = Pattern.compile("(rkproxy_[a-z_]+)\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("(\\w+)\\s*(?:=~|!~|!=|=)");
    /** Labels Prometheus adds to every series, and the histogram's bucket bound. */
    private static final Set<String> SCRAPE_LABELS = Set.of("instance", "job", "le");

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension("alice: {password: alice-secret, pool: cache, db: 1}")
            .withAdmin("{bind: 127.0.0.1, port: 0}");

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsDocumentedAndExposed() {
        Set<String> exposed = new ConsoleClient(proxy.adminPort()).get("/metrics").body().lines()
                .filter(line -> line.startsWith("# TYPE ")).map(line -> line.split(" ")[2])
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = DocumentedMetrics.read().keySet();
        Set<String> used = new TreeSet<>(metrics(dashboardQueries()));
        used.addAll(metrics(alertQueries()));
        assertTrue(used.size() >= 10, "the files are read: " + used);
        assertEquals(Set.of(), difference(used, documented), "used but not in docs/operations.md's metric table");
        assertEquals(Set.of(), difference(used, exposed), "used but not declared on /metrics");
    }

    @Test
    void theDashboardShowsWhatTheServiceIsRunBy() {
        Set<String> used = metrics(dashboardQueries());
        assertTrue(used.containsAll(Set.of("rkproxy_tenant_commands_total", "rkproxy_tenant_errors_total",
                "rkproxy_tenant_command_duration_seconds", "rkproxy_backend_up", "rkproxy_pool_available",
                "rkproxy_config_last_load_accepted", "rkproxy_zookeeper_connected",
                "rkproxy_kafka_consumer_lag_records", "rkproxy_hot_key_ops_per_second")), "the dashboard uses " + used);
    }

    @Test
    void theAlertRulesCoverErrorsLatencyBackendsConfigZooKeeperAndLag() {
        Map<String, Map<String, Object>> rules = alertRules();
        assertTrue(rules.keySet().containsAll(Set.of("RkproxyTenantErrorRate", "RkproxyTenantSlow",
                "RkproxyBackendNodeDown", "RkproxyConfigRejected", "RkproxyZooKeeperDisconnected", "RkproxyKpopLag")),
                "alerts: " + rules.keySet());
        rules.forEach((name, rule) -> {
            assertTrue(rule.get("for") instanceof String, name + " waits before it fires");
            assertTrue(((Map<?, ?>) rule.get("labels")).containsKey("severity"), name + " has a severity");
            assertTrue(((Map<?, ?>) rule.get("annotations")).containsKey("summary"), name + " has a summary");
        });
    }

    @Test
    void queriesGroupAndSelectOnlyByLabelsTheirFamiliesHave() {
        Map<String, DocumentedMetrics.Metric> documented = DocumentedMetrics.read();
        List<String> queries = new ArrayList<>(dashboardQueries());
        queries.addAll(alertQueries());
        List<String> wrong = new ArrayList<>();
        for (String query : queries) {
            Set<String> labels = new TreeSet<>(SCRAPE_LABELS);
            metrics(List.of(query)).forEach(m -> labels.addAll(documented.getOrDefault(m,
                    new DocumentedMetrics.Metric("", Set.of())).labels()));
            Set<String> named = new TreeSet<>();
            Matcher grouping = GROUPING.matcher(query);
            while (grouping.find()) {
                for (String label : grouping.group(1).split(",")) {
                    named.add(label.strip());
                }
            }
            Matcher selector = SELECTOR.matcher(query);
            while (selector.find()) {
                Matcher label = MATCHER_LABEL.matcher(selector.group(2));
                while (label.find()) {
                    named.add(label.group(1));
                }
            }
            difference(named, labels).forEach(label -> wrong.add(label + " in " + query));
        }
        assertEquals(List.of(), wrong, "labels no family of the query has");
    }

    /** The metric families a query names: a histogram's series by their family's name. */
    private static Set<String> metrics(List<String> queries) {
        Set<String> names = new TreeSet<>();
        for (String query : queries) {
            Matcher m = METRIC.matcher(query);
            while (m.find()) {
                names.add(HISTOGRAM_SERIES.matcher(m.group()).replaceFirst(""));
            }
        }
        return names;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    /** Every panel target's expression and every variable's query. */
    private static List<String> dashboardQueries() {
        JsonNode dashboard = ConsoleClient.parse(read(DASHBOARD));
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            panel.path("targets").forEach(target -> queries.add(target.get("expr").asText()));
        }
        dashboard.get("templating").get("list").forEach(variable -> {
            if (variable.path("query").has("query")) {
                queries.add(variable.get("query").get("query").asText());
            }
        });
        return queries;
    }

    private static List<String> alertQueries() {
        return alertRules().values().stream().map(rule -> (String) rule.get("expr")).toList();
    }

    /** The alert rules of every group, by alert name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> alertRules() {
        Map<String, Object> file = new Yaml().load(read(ALERTS));
        Map<String, Map<String, Object>> rules = new TreeMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                if (rules.put((String) rule.get("alert"), rule) != null) {
                    throw new AssertionError("alert " + rule.get("alert") + " is defined twice");
                }
            }
        }
        return rules;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }
}
