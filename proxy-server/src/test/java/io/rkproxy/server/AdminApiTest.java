package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rkproxy.core.RespErrors;
import io.rkproxy.core.config.PasswordHash;
import io.rkproxy.testkit.RespSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

class AdminApiTest {

    private static final String ALICE = "alice: {password: alice-secret, pool: cache, db: 1, max-connections: 10}";
    private static final String BOB =
            "bob: {password: bob-secret, pool: cache, db: 2, read-only: true, commands: {deny: [del, '@dangerous']}}";
    private static final String LOOPBACK_ADMIN = "{bind: 127.0.0.1, port: 0}";

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(ALICE, BOB)
            .withServerKeys("slowlog-log-slower-than-us: 0")
            .withAdmin(LOOPBACK_ADMIN);

    private static ConsoleClient console() {
        return new ConsoleClient(proxy.adminPort());
    }

    private static Jedis login(String password) {
        Jedis jedis = new Jedis("127.0.0.1", proxy.port());
        jedis.auth(password);
        return jedis;
    }

    private static JsonNode tenant(String name) {
        for (JsonNode t : console().json("/api/tenants").get("tenants")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no tenant " + name + " in /api/tenants");
    }

    @Test
    void nodesListsThisNode() {
        JsonNode nodes = console().json("/api/nodes");
        String self = proxy.runtime().nodeId();
        assertEquals(self, nodes.get("self").asText());
        assertEquals(1, nodes.get("nodes").size());
        JsonNode node = nodes.get("nodes").get(0);
        assertEquals(self, node.get("id").asText());
        assertTrue(node.get("self").asBoolean());
        assertEquals(proxy.runtime().version(), node.get("version").asText());
        assertEquals("127.0.0.1:" + proxy.port(), node.get("address").asText());
        assertFalse(node.get("startedAt").asText().isEmpty());
    }

    @Test
    void poolsShowEachBackendsHealthAndLoad() {
        try (Jedis alice = login("alice-secret")) {
            alice.set("k", "v");
            JsonNode pools = console().json("/api/pools").get("pools");
            assertEquals(1, pools.size());
            JsonNode cache = pools.get(0);
            assertEquals("cache", cache.get("name").asText());
            assertEquals("redis", cache.get("type").asText());
            assertEquals(proxy.redis().address(), cache.get("nodes").get(0).asText());
            assertTrue(cache.get("unavailable").isNull());
            JsonNode backend = cache.get("backends").get(0);
            assertEquals(proxy.redis().address(), backend.get("address").asText());
            assertTrue(backend.get("up").asBoolean());
            assertTrue(backend.get("connections").asInt() >= 1, backend.toString());
            assertEquals(0, backend.get("inFlight").asLong());
            assertTrue(backend.get("error").isNull());
        }
    }

    @Test
    void tenantsShowConfigAndLiveFigures() {
        try (Jedis alice = login("alice-secret")) {
            for (int i = 0; i < 5; i++) {
                alice.set("k" + i, "value" + i);
                alice.get("k" + i);
            }
            JsonNode t = tenant("alice");
            assertEquals("cache", t.get("pool").asText());
            assertEquals("db 1", t.get("isolation").asText());
            assertFalse(t.get("readOnly").asBoolean());
            assertEquals(10, t.get("maxConnections").asInt());
            assertEquals(1, t.get("connections").asLong());
            assertTrue(t.get("commands").asLong() >= 10, t.toString());
            assertTrue(t.get("bytesIn").asLong() > 0);
            assertTrue(t.get("bytesOut").asLong() > 0);
            assertTrue(t.get("p50Micros").asLong() > 0);
            assertTrue(t.get("p99Micros").asLong() >= t.get("p50Micros").asLong());
            assertTrue(tenant("bob").get("readOnly").asBoolean());
        }
        Eventually.until(() -> tenant("alice").get("connections").asLong() == 0, "alice's connection is gone");
    }

    @Test
    void theApiNeverShowsAPasswordOrItsHash() {
        try (Jedis alice = login("alice-secret"); Jedis bob = login("bob-secret")) {
            alice.ping();
            bob.ping();
        }
        for (String path : List.of("/api/tenants", "/api/config", "/api/stats")) {
            String body = console().get(path).body().toLowerCase(Locale.ROOT);
            for (String password : List.of("alice-secret", "bob-secret")) {
                String hex = PasswordHash.ofPlain(password).hex().toLowerCase(Locale.ROOT);
                for (String secret : List.of(password, hex)) {
                    int at = body.indexOf(secret);
                    assertEquals(-1, at, () -> path + " shows " + secret + ": ..."
                            + body.substring(Math.max(0, at - 80), Math.min(body.length(), at + 40)) + "...");
                }
            }
        }
    }

    @Test
    void statsGiveCommandsErrorsRefusalsLatencyAndTheSlowLog() {
        try (Jedis alice = login("alice-secret"); Jedis bob = login("bob-secret")) {
            alice.set("s", "string");
            assertThrows(JedisDataException.class, () -> alice.lpush("s", "x"));
            assertThrows(JedisDataException.class, () -> bob.del("s"));
            JsonNode stats = console().json("/api/stats");
            JsonNode a = stats.get("tenants").get("alice");
            assertTrue(a.get("commands").get("set").asLong() >= 1);
            assertTrue(a.get("commands").get("lpush").asLong() >= 1);
            assertTrue(a.get("errors").get("WRONGTYPE").asLong() >= 1);
            assertEquals(1, a.get("connections").asLong());
            assertTrue(a.get("latency").get("count").asLong() >= 2);
            assertTrue(a.get("latency").get("p99Micros").asLong() > 0);
            assertTrue(a.get("bytesIn").asLong() > 0);
            JsonNode b = stats.get("tenants").get("bob");
            assertTrue(b.get("refusals").get("no_permission").asLong() >= 1);
            assertTrue(b.get("errors").get("NOPERM").asLong() >= 1);
            assertEquals(0, b.get("kafka").size(), "bob has no Kafka pool");
            JsonNode newest = stats.get("slowlog").get(0);
            assertEquals("bob", newest.get("tenant").asText(), "every command is slow at 0 us, newest first");
            assertEquals("cache", newest.get("pool").asText());
            assertEquals("del", newest.get("args").get(0).asText().toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void theSlowLogHasAPathOfItsOwnWithTheEntriesStatsShow() {
        try (Jedis alice = login("alice-secret")) {
            alice.set("slow", "v");
            JsonNode slowlog = console().json("/api/slowlog").get("slowlog");
            assertEquals("set", slowlog.get(0).get("args").get(0).asText().toLowerCase(Locale.ROOT), "newest first");
            assertEquals("alice", slowlog.get(0).get("tenant").asText());
            assertEquals(console().json("/api/stats").get("slowlog"), slowlog);
        }
    }

    @Test
    void statsShowFailedAuthsByTenantAndTheAddressesTheyCameFrom() {
        try (RespSocket c = new RespSocket(proxy.port(), "127.0.0.41")) {
            c.call("AUTH", "bob", "guess1");
            c.call("AUTH", "bob", "guess2");
            c.call("AUTH", "guess3");
        }
        JsonNode logins = console().json("/api/stats").get("logins");
        assertEquals(2, logins.get("failuresByTenant").get("bob").asLong());
        assertEquals(0, logins.get("failuresByTenant").get("alice").asLong());
        assertEquals(1, logins.get("unattributedFailures").asLong());
        List<String> recent = new ArrayList<>();
        logins.get("recentFailures").forEach(f -> recent.add(f.get("address").asText() + " " + f.get("tenant").asText()
                + " " + f.get("failures").asInt() + " " + f.get("delayed").asBoolean()));
        assertEquals(List.of("127.0.0.41 bob 2 false", "127.0.0.41 null 1 false"), recent);
        assertEquals(2, tenant("bob").get("authFailures").asLong());
        assertEquals(0, tenant("alice").get("authFailures").asLong());
    }

    @Test
    void statsShowTheUnauthenticatedConnections() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            assertEquals("-NOAUTH Authentication required.", c.call("PING"));
            Eventually.until(() -> console().json("/api/stats").get("logins").get("unauthenticated").asInt() == 1,
                    "only this connection is unauthenticated (others' closing is seen a little later)");
            JsonNode logins = console().json("/api/stats").get("logins");
            assertEquals(0, logins.get("refused").get("node").asLong());
            assertEquals(0, logins.get("refused").get("address").asLong());
            assertEquals(0, logins.get("bufferBytes").asLong());
            assertEquals(0, logins.get("bufferCloses").asLong());
        }
    }

    @Test
    void configShowsTheSourceTheLoadsAndWhatIsInForce() {
        JsonNode config = console().json("/api/config");
        assertEquals("file " + proxy.configFile().toAbsolutePath().normalize(), config.get("source").asText());
        JsonNode accepted = config.get("lastAccepted");
        assertTrue(accepted.get("accepted").asBoolean());
        assertTrue(accepted.get("generation").asLong() >= 1);
        assertFalse(accepted.get("at").asText().isEmpty());
        assertEquals(config.get("source").asText(), accepted.get("source").asText());
        JsonNode pool = config.get("pools").get(0);
        assertEquals("cache", pool.get("name").asText());
        assertEquals(proxy.redis().address(), pool.get("nodes").get(0).asText());
        assertEquals(500, pool.get("connectTimeoutMs").asLong());
        JsonNode bob = config.get("tenants").get(1);
        assertEquals("bob", bob.get("name").asText());
        assertEquals(2, bob.get("db").asInt());
        assertTrue(bob.get("hasPassword").asBoolean());
        assertTrue(bob.get("readOnly").asBoolean());
        assertEquals(List.of("@dangerous", "del"),
                List.of(bob.get("commands").get("deny").get(0).asText(), bob.get("commands").get("deny").get(1).asText()));
    }

    @Test
    void reloadIsAcceptedAndAnswersWithTheNewLoad() {
        long before = console().json("/api/config").get("lastAccepted").get("generation").asLong();
        HttpResponse<String> response = console().post("/api/reload");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode load = ConsoleClient.parse(response.body());
        assertTrue(load.get("accepted").asBoolean());
        assertEquals("console", load.get("trigger").asText());
        assertTrue(load.get("generation").asLong() > before);
        assertTrue(console().json("/api/config").get("lastAccepted").get("generation").asLong()
                >= load.get("generation").asLong());
    }

    @Test
    void reloadOfABrokenConfigIs422AndTheOldConfigKeepsServing() throws IOException {
        String good = Files.readString(proxy.configFile());
        try (Jedis alice = login("alice-secret")) {
            Files.writeString(proxy.configFile(), good.replace("pool: cache, db: 1", "pool: nowhere, db: 1"));
            HttpResponse<String> response = console().post("/api/reload");
            assertEquals(422, response.statusCode(), response.body());
            JsonNode load = ConsoleClient.parse(response.body());
            assertFalse(load.get("accepted").asBoolean());
            assertTrue(load.get("problems").toString().contains("nowhere"), load.toString());
            JsonNode config = console().json("/api/config");
            assertFalse(config.get("lastLoad").get("accepted").asBoolean());
            assertTrue(config.get("lastAccepted").get("accepted").asBoolean());
            assertEquals("cache", tenant("alice").get("pool").asText(), "the old config is in force");
            assertEquals("OK", alice.set("still", "serving"));
            try (Jedis again = login("alice-secret")) {
                assertEquals("serving", again.get("still"));
            }
        } finally {
            Files.writeString(proxy.configFile(), good);
            assertEquals(200, console().post("/api/reload").statusCode());
        }
    }

    @Test
    void postKillClosesATenantsSessionsOnThisNodeWithTheReason() {
        try (RespSocket alice = new RespSocket(proxy.port()); RespSocket bob = new RespSocket(proxy.port())) {
            assertEquals("+OK", alice.call("AUTH", "alice-secret"));
            assertEquals("+OK", bob.call("AUTH", "bob-secret"));
            Eventually.until(() -> proxy.runtime().meters().meters("alice").connections().get() == 1,
                    "alice's earlier sessions are closed");

            HttpResponse<String> response = console().post("/api/kill?tenant=alice");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("{\"tenant\":\"alice\",\"stale\":false,\"sessions\":1}", response.body());
            assertEquals("-" + RespErrors.closedByOperator("alice"), alice.read());
            assertTrue(alice.isClosedByServer());
            assertEquals("{\"tenant\":\"bob\",\"stale\":true,\"sessions\":0}",
                    console().post("/api/kill?tenant=bob&stale=true").body(), "bob's password is current");
            assertEquals("+PONG", bob.call("PING"));
        }
        assertEquals(404, console().post("/api/kill?tenant=nobody").statusCode());
        assertEquals(400, console().post("/api/kill").statusCode());
        assertEquals(400, console().post("/api/kill?tenant=bob&stale=perhaps").statusCode());
        assertEquals(405, console().get("/api/kill?tenant=bob").statusCode());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow() {
        HttpResponse<String> missing = console().get("/api/nothing");
        assertEquals(404, missing.statusCode());
        assertEquals("application/json", missing.headers().firstValue("content-type").orElseThrow());
        assertTrue(ConsoleClient.parse(missing.body()).get("error").asText().contains("/api/nothing"));
        HttpResponse<String> getReload = console().get("/api/reload");
        assertEquals(405, getReload.statusCode());
        assertEquals("POST", getReload.headers().firstValue("allow").orElseThrow());
        assertTrue(ConsoleClient.parse(getReload.body()).has("error"));
        HttpResponse<String> postTenants = console().post("/api/tenants");
        assertEquals(405, postTenants.statusCode());
        assertEquals("GET", postTenants.headers().firstValue("allow").orElseThrow());
    }

    @Test
    void thePageIsServedAsHtmlWithItsOwnAssetsOnly() {
        HttpResponse<String> page = console().get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "no external asset");
        assertEquals("text/javascript; charset=utf-8",
                console().get("/console.js").headers().firstValue("content-type").orElseThrow());
        assertEquals("text/css; charset=utf-8",
                console().get("/console.css").headers().firstValue("content-type").orElseThrow());
        HttpResponse<String> charts = console().get("/uplot/uPlot.iife.min.js");
        assertEquals(200, charts.statusCode(), "the chart library is served with the page, for offline use");
        assertTrue(charts.body().startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.32) */"));
        assertTrue(console().get("/uplot/LICENSE").body().contains("MIT License"), "with its licence");
    }

    @Test
    void keepAliveAnswersPipelinedRequestsInOrderAndConnectionCloseCloses() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.adminPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /api/nothing HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String replies = readToEnd(socket.getInputStream());
            int first = replies.indexOf("HTTP/1.1 200 OK");
            int second = replies.indexOf("HTTP/1.1 404 Not Found");
            int third = replies.indexOf("HTTP/1.1 200 OK", second);
            assertTrue(first >= 0 && second > first && third > second, replies);
        }
    }

    @Test
    void aMalformedRequestIs400AndTheConnectionCloses() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.adminPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nBad Header\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = readToEnd(socket.getInputStream());
            assertTrue(reply.startsWith("HTTP/1.1 400 Bad Request"), reply);
            assertTrue(reply.endsWith("{\"error\":\"malformed request\"}"), reply);
        }
    }

    @Test
    void withoutATokenARequestNamingAForeignHostIs403AndOneNamingLocalhostIsAnswered() throws IOException {
        String rebound = exchange("GET /api/tenants HTTP/1.1\r\nHost: rebound.example:" + proxy.adminPort()
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(rebound.startsWith("HTTP/1.1 403 Forbidden"), rebound);
        assertFalse(rebound.contains("alice"), rebound);
        String local = exchange("GET /api/tenants HTTP/1.1\r\nHost: localhost:" + proxy.adminPort()
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(local.startsWith("HTTP/1.1 200 OK"), local);
        assertTrue(local.contains("\"alice\""), local);
    }

    @Test
    void aPostFromAForeignOriginIs403AndKillsNothing() throws IOException {
        try (RespSocket alice = new RespSocket(proxy.port())) {
            assertEquals("+OK", alice.call("AUTH", "alice-secret"));
            String host = "127.0.0.1:" + proxy.adminPort();
            String refused = exchange("POST /api/kill?tenant=alice HTTP/1.1\r\nHost: " + host
                    + "\r\nOrigin: http://rebound.example:" + proxy.adminPort()
                    + "\r\nX-Rkproxy-Console: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertTrue(refused.startsWith("HTTP/1.1 403 Forbidden"), refused);
            assertEquals("+PONG", alice.call("PING"), "alice's session was not killed");
            String ownPage = exchange("POST /api/kill?tenant=bob HTTP/1.1\r\nHost: " + host
                    + "\r\nOrigin: http://" + host
                    + "\r\nX-Rkproxy-Console: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertTrue(ownPage.startsWith("HTTP/1.1 200 OK"), ownPage);
        }
    }

    /** Sends one raw request, whose Host and Origin headers an HTTP client would not let a test choose. */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.adminPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return readToEnd(socket.getInputStream());
        }
    }

    /** Reads until the server closes the connection: a test that does not close fails on the socket timeout. */
    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void healthIsOkWhileServingAnd503WhileDraining() {
        try (RunningProxy node = RunningProxy.start("admin: " + LOOPBACK_ADMIN + "\n"
                + RunningProxy.config(proxy.redis().address(), ALICE))) {
            ConsoleClient console = new ConsoleClient(node.adminPort());
            HttpResponse<String> serving = console.get("/health");
            assertEquals(200, serving.statusCode());
            assertEquals("ok", serving.body().strip());
            assertEquals("text/plain; charset=utf-8", serving.headers().firstValue("content-type").orElseThrow());
            node.server().runtime().drain(Duration.ZERO);
            HttpResponse<String> draining = console.get("/health");
            assertEquals(503, draining.statusCode());
            assertEquals("draining", draining.body().strip());
        }
    }

    @Test
    void aConfiguredTokenIsRequiredForDataButNotForThePage() {
        String token = "a-long-enough-console-token";
        try (RunningProxy node = RunningProxy.start("admin: {bind: 127.0.0.1, port: 0, token: " + token + "}\n"
                + RunningProxy.config(proxy.redis().address(), ALICE))) {
            ConsoleClient anonymous = new ConsoleClient(node.adminPort());
            for (String path : List.of("/api/tenants", "/api/stats", "/api/slowlog", "/metrics", "/api/nothing")) {
                HttpResponse<String> refused = anonymous.get(path);
                assertEquals(401, refused.statusCode(), path);
                assertTrue(refused.headers().firstValue("www-authenticate").orElseThrow().startsWith("Bearer"));
                assertTrue(ConsoleClient.parse(refused.body()).has("error"));
            }
            assertEquals(401, anonymous.post("/api/reload").statusCode());
            assertEquals(401, new ConsoleClient(node.adminPort(), Optional.of("wrong-token-of-some-length"))
                    .get("/api/tenants").statusCode());
            ConsoleClient operator = anonymous.withToken(token);
            assertEquals(200, operator.get("/api/tenants").statusCode());
            assertEquals(200, operator.get("/metrics").statusCode());
            assertEquals(200, operator.get("/health").statusCode());
            assertEquals(404, operator.get("/api/nothing").statusCode());
            assertEquals(200, anonymous.get("/").statusCode(), "the page holds no data");
            assertEquals(200, anonymous.get("/console.js").statusCode());
        }
    }

    @Test
    void healthAnswersAProbeThatSendsNoTokenAndTellsNothingElse() throws IOException {
        try (RunningProxy node = RunningProxy.start("admin: {bind: 127.0.0.1, port: 0, token: a-long-enough-console-token}\n"
                + RunningProxy.config(proxy.redis().address(), ALICE));
             Socket probe = new Socket("127.0.0.1", node.adminPort())) {
            probe.setSoTimeout(5_000);
            probe.getOutputStream().write("GET /health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = readToEnd(probe.getInputStream());
            assertTrue(reply.startsWith("HTTP/1.0 200 OK") || reply.startsWith("HTTP/1.1 200 OK"), reply);
            assertTrue(reply.endsWith("\r\n\r\nok\n"), reply);
            node.server().runtime().drain(Duration.ZERO);
            HttpResponse<String> draining = new ConsoleClient(node.adminPort()).get("/health");
            assertEquals(503, draining.statusCode());
            assertEquals("draining", draining.body().strip());
        }
    }
}
