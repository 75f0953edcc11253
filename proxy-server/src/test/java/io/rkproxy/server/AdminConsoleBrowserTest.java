package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rkproxy.testkit.RespSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** The console page in real headless Chromium, against a real proxy and redis-server. */
class AdminConsoleBrowserTest {

    private static final String ALICE = "alice: {password: alice-secret, pool: cache, db: 1, max-connections: 5}";
    private static final String ALICE_ROW = "#tenants tr[data-tenant=\"alice\"] ";
    /** Far above what the other tests' few commands chart, far below what 20,000 pipelined SETs do in 10 s. */
    private static final double SPIKE_OPS_PER_SECOND = 500;

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(ALICE,
            "bob: {password: bob-secret, pool: cache, db: 2, read-only: true}")
            .withServerKeys("hot-keys: {sample-rate: 1}\nbig-request-bytes: 1000")
            .withAdmin("{bind: 127.0.0.1, port: 0}");

    private static HeadlessChrome chrome;

    @BeforeAll
    static void startChrome() {
        chrome = HeadlessChrome.start();
    }

    @AfterAll
    static void quitChrome() {
        if (chrome != null) {
            chrome.close();
        }
    }

    private static String console() {
        return "http://127.0.0.1:" + proxy.adminPort() + "/";
    }

    private static void awaitText(String css, String expected) {
        Eventually.until(() -> expected.equals(chrome.text(css)),
                css + " shows '" + expected + "' (it shows '" + chrome.text(css) + "')");
    }

    /** The number an element shows, or -1 while it is missing or not rendered yet. */
    private static long number(String css) {
        String text = chrome.text(css);
        return text == null || text.isEmpty() ? -1 : Long.parseLong(text);
    }

    @Test
    void tenantsTableShowsTheLiveFiguresAndRefreshesItself() {
        chrome.open(console());
        awaitText(ALICE_ROW + "td.connections", "0");
        assertEquals("cache", chrome.text(ALICE_ROW + "td.pool"));
        assertEquals("db 1", chrome.text(ALICE_ROW + "td.isolation"));
        assertEquals("no", chrome.text(ALICE_ROW + "td.read-only"));
        assertEquals("conns ≤ 5", chrome.text(ALICE_ROW + "td.limits"));
        assertEquals("yes", chrome.text("#tenants tr[data-tenant=\"bob\"] td.read-only"));
        try (Jedis alice = new Jedis("127.0.0.1", proxy.port())) {
            alice.auth("alice-secret");
            for (int i = 0; i < 20; i++) {
                alice.set("k" + i, "v");
            }
            awaitText(ALICE_ROW + "td.connections", "1");
            Eventually.until(() -> number(ALICE_ROW + "td.commands") >= 20, "the page shows alice's commands");
            assertFalse(chrome.text(ALICE_ROW + "td.p50").equals("–"), "a latency is shown");
            assertFalse(chrome.text(ALICE_ROW + "td.bytes-in").startsWith("0 "), "bytes in are shown");
        }
        String page = chrome.script("return document.documentElement.outerHTML;").asText();
        assertFalse(page.contains("alice-secret") || page.contains("bob-secret"), "no password on the page");
    }

    @Test
    void hotAndBigKeysShowEachTenantsTopKeys() {
        try (Jedis alice = new Jedis("127.0.0.1", proxy.port())) {
            alice.auth("alice-secret");
            for (int i = 0; i < 50; i++) {
                alice.get("popular");
            }
            alice.set("large", "x".repeat(2000));
        }
        chrome.open(console());
        Eventually.until(() -> number("#hot-keys tr[data-tenant=\"alice\"][data-key=\"popular\"] td.ops") > 0,
                "the page shows alice's hot key");
        awaitText("#hot-keys tr[data-tenant=\"alice\"] td.key", "popular");
        awaitText("#big-keys tr[data-tenant=\"alice\"][data-key=\"large\"] td.command", "set");
        assertEquals("1", chrome.text("#big-keys tr[data-tenant=\"alice\"][data-key=\"large\"] td.seen"));
    }

    @Test
    void poolsAndNodesTablesShowTheBackendAndThisNode() {
        try (Jedis alice = new Jedis("127.0.0.1", proxy.port())) {
            alice.auth("alice-secret");
            alice.set("k", "v");
        }
        chrome.open(console());
        String backend = "#pools tr[data-pool=\"cache\"][data-backend=\"" + proxy.redis().address() + "\"] ";
        awaitText(backend + "td.health", "up");
        assertTrue(number(backend + "td.connections") >= 1, "the proxy's backend connections");
        assertEquals("0", chrome.text(backend + "td.in-flight"));
        String node = "#nodes tr[data-node=\"" + proxy.runtime().nodeId() + "\"] ";
        assertEquals("127.0.0.1:" + proxy.port(), chrome.text(node + "td.address"));
        assertEquals(proxy.runtime().version(), chrome.text(node + "td.version"));
    }

    @Test
    void loginsShowFailedAuthsByTenantAndByAddress() {
        try (RespSocket c = new RespSocket(proxy.port(), "127.0.0.31")) {
            c.call("AUTH", "bob", "guess1");
            c.call("AUTH", "bob", "guess2");
            c.call("AUTH", "guess3");
        }
        chrome.open(console());
        String bobFromThere = "#auth-failures tr[data-address=\"127.0.0.31\"][data-tenant=\"bob\"] ";
        awaitText(bobFromThere + "td.failures", "2");
        assertEquals("no", chrome.text(bobFromThere + "td.delayed"));
        String noTenantFromThere = "#auth-failures tr[data-address=\"127.0.0.31\"][data-tenant=\"\"] ";
        assertEquals("(none)", chrome.text(noTenantFromThere + "td.tenant"));
        assertEquals("2", chrome.text("#tenants tr[data-tenant=\"bob\"] td.auth-failures"));
        assertEquals("1", chrome.text("#logins .unattributed"));
    }

    @Test
    void reloadButtonShowsTheNewAcceptedLoad() {
        chrome.open(console());
        Eventually.until(() -> number("#last-load .generation") > 0, "the last load is shown");
        long before = number("#last-load .generation");
        chrome.click("#reload");
        Eventually.until(() -> number("#last-load .generation") > before, "the new generation is shown");
        assertEquals("console", chrome.text("#last-load .trigger"));
        assertEquals("accepted", chrome.text("#last-load .result"));
        assertTrue(chrome.text("#last-load .source").endsWith(proxy.configFile().getFileName().toString()));
        assertTrue(chrome.text("#reload-result").startsWith("accepted: generation " + (before + 1)),
                chrome.text("#reload-result"));
    }

    /** The largest ops/s of the points the page's charts hold now. */
    private static double chartedOpsPeak() {
        return chrome.script("return Number(document.getElementById('charts').dataset.maxOps);").asDouble();
    }

    @Test
    void aChartShowsALoadSpikeStartedByTheTest() {
        chrome.open(console());
        Eventually.until(() -> "tenant:alice".equals(chrome.script(
                "return document.getElementById('charts').dataset.subject;").asText()), "alice's charts are shown");
        double before = chartedOpsPeak();
        assertTrue(before < SPIKE_OPS_PER_SECOND, "no spike charted before the test's: " + before);
        long spikeStart = System.currentTimeMillis();
        try (Jedis alice = new Jedis("127.0.0.1", proxy.port())) {
            alice.auth("alice-secret");
            for (int round = 0; round < 20; round++) {
                Pipeline pipeline = alice.pipelined();
                for (int i = 0; i < 1_000; i++) {
                    pipeline.set("spike" + i, "v");
                }
                pipeline.sync();
            }
        }
        Eventually.until(() -> chartedOpsPeak() >= SPIKE_OPS_PER_SECOND,
                "the chart shows the spike (its peak is " + chartedOpsPeak() + " ops/s)", Duration.ofSeconds(20));
        JsonNode points = chrome.script("return window.rkproxyCharts.points;");
        JsonNode peak = null;
        for (JsonNode point : points) {
            if (peak == null || point.get("opsPerSecond").asDouble() > peak.get("opsPerSecond").asDouble()) {
                peak = point;
            }
        }
        System.out.println("console chart: alice's spike charted at " + Math.round(peak.get("opsPerSecond").asDouble())
                + " ops/s, p99 " + peak.get("p99Micros").asLong() + " µs, " + (peak.get("epochMillis").asLong()
                - spikeStart) + " ms after it began; before it the peak was " + Math.round(before) + " ops/s");
        assertTrue(peak.get("epochMillis").asLong() > spikeStart, "the peak is a step after the spike began");
        assertTrue(peak.get("bytesInPerSecond").asDouble() > 0 && peak.get("p99Micros").asLong() > 0, peak.toString());
        assertTrue(chrome.script("return document.querySelectorAll('#chart-ops canvas').length;").asInt() > 0,
                "uPlot drew the chart");
    }

    @Test
    void theTenantFormCreatesATenantThatCanAuth() {
        chrome.open(console());
        awaitText(ALICE_ROW + "td.pool", "cache");
        chrome.type("#tenant-form input[name=name]", "erin");
        chrome.type("#tenant-form input[name=pool]", "cache");
        chrome.type("#tenant-form input[name=db]", "5");
        chrome.type("#tenant-form input[name=max-ops-per-second]", "1000");
        chrome.click("#tenant-save");
        Eventually.until(() -> !chrome.text("#tenant-password code").isEmpty(), "the new password is shown");
        String password = chrome.text("#tenant-password code");
        assertTrue(chrome.text("#tenant-result").startsWith("create-tenant erin: in force"),
                chrome.text("#tenant-result"));
        try (Jedis erin = new Jedis("127.0.0.1", proxy.port())) {
            assertEquals("OK", erin.auth(password));
            assertEquals("OK", erin.set("k", "v"));
        }
        awaitText("#tenants tr[data-tenant=\"erin\"] td.limits", "ops/s ≤ 1000");
        awaitText("#audit tr[data-tenant=\"erin\"] td.action", "create-tenant");

        chrome.script("document.querySelector('#tenant-form input[name=db]').value = '99';");
        chrome.click("#tenant-save");
        Eventually.until(() -> chrome.text("#tenant-result").startsWith("refused, nothing changed: "),
                "the validator's message is shown (" + chrome.text("#tenant-result") + ")");
        assertTrue(chrome.text("#tenant-result").contains("99"), chrome.text("#tenant-result"));
        assertTrue(chrome.script("return document.getElementById('tenant-password').hidden;").asBoolean());
    }

    @Test
    void withATokenThePageAsksForItThenShowsTheData() {
        String token = "a-long-enough-console-token";
        try (RunningProxy node = RunningProxy.start("admin: {bind: 127.0.0.1, port: 0, token: " + token + "}\n"
                + RunningProxy.config(proxy.redis().address(), ALICE))) {
            chrome.open("http://127.0.0.1:" + node.adminPort() + "/");
            Eventually.until(() -> chrome.script("return !document.getElementById('auth').hidden;").asBoolean(),
                    "the page asks for the token");
            assertEquals("access token needed", chrome.text("#status"));
            chrome.type("#token", token);
            chrome.click("#auth button");
            awaitText(ALICE_ROW + "td.pool", "cache");
            assertTrue(chrome.script("return document.getElementById('auth').hidden;").asBoolean());
        }
    }
}
