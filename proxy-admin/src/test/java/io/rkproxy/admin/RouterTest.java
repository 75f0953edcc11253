package io.rkproxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final String TOKEN = "Bearer the-token-of-the-console";

    private final Router router = new Router(new BearerAuth(Optional.of("the-token-of-the-console")))
            .open("/", () -> Reply.text(HttpResponseStatus.OK, Reply.TEXT, "page"))
            .secured(HttpMethod.GET, "/api/data", () -> Reply.json(Map.of("data", 1)))
            .secured(HttpMethod.POST, "/api/data", () -> Reply.text(HttpResponseStatus.OK, Reply.TEXT, "posted"))
            .securedWithQuery(HttpMethod.POST, "/api/act",
                    query -> Reply.text(HttpResponseStatus.OK, Reply.TEXT, String.join(",", query.get("on"))));

    private static String body(Reply reply) {
        return new String(reply.body(), StandardCharsets.UTF_8);
    }

    @Test
    void openPathsNeedNoToken() {
        Reply reply = router.dispatch(HttpMethod.GET, "/", Map.of(), null);
        assertEquals(HttpResponseStatus.OK, reply.status());
        assertEquals("page", body(reply));
    }

    @Test
    void securedPathsNeedTheTokenAndSayWhichScheme() {
        Reply refused = router.dispatch(HttpMethod.GET, "/api/data", Map.of(), null);
        assertEquals(HttpResponseStatus.UNAUTHORIZED, refused.status());
        assertEquals("Bearer realm=\"rkproxy\"", refused.headers().get("www-authenticate"));
        assertEquals(Reply.JSON, refused.contentType());
        assertEquals(HttpResponseStatus.OK, router.dispatch(HttpMethod.GET, "/api/data", Map.of(), TOKEN).status());
        assertEquals("posted", body(router.dispatch(fromConsole(HttpMethod.POST, "/api/data", Map.of()))));
    }

    /** A request as the console page sends it: the token, and for a change the console's header. */
    private static Request fromConsole(HttpMethod method, String path, Map<String, List<String>> query) {
        return new Request(method, path, query, Map.of(Request.AUTHORIZATION, TOKEN, Request.CONSOLE, "1"), "",
                "127.0.0.1:5000");
    }

    @Test
    void aChangeWithoutTheConsolesHeaderIs403AndNotMade() {
        Reply refused = router.dispatch(HttpMethod.POST, "/api/data", Map.of(), TOKEN);
        assertEquals(HttpResponseStatus.FORBIDDEN, refused.status());
        assertEquals("{\"error\":\"a POST needs the header 'X-Rkproxy-Console: 1' (the console's guard against "
                + "cross-site requests)\"}", body(refused));
        assertEquals(HttpResponseStatus.OK, router.dispatch(HttpMethod.GET, "/api/data", Map.of(), TOKEN).status(),
                "a GET changes nothing and needs no header");
    }

    @Test
    void aPathThatTakesAQueryIsGivenItsParametersOnceTheTokenIsRight() {
        Map<String, List<String>> query = Map.of("on", List.of("a", "b"));
        assertEquals(HttpResponseStatus.UNAUTHORIZED,
                router.dispatch(HttpMethod.POST, "/api/act", query, null).status());
        assertEquals("a,b", body(router.dispatch(fromConsole(HttpMethod.POST, "/api/act", query))));
    }

    @Test
    void unknownPathsNeedTheTokenBeforeTheyAre404() {
        assertEquals(HttpResponseStatus.UNAUTHORIZED,
                router.dispatch(HttpMethod.GET, "/nothing", Map.of(), null).status());
        Reply missing = router.dispatch(HttpMethod.GET, "/nothing", Map.of(), TOKEN);
        assertEquals(HttpResponseStatus.NOT_FOUND, missing.status());
        assertEquals("{\"error\":\"no such path: /nothing\"}", body(missing));
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        Reply reply = router.dispatch(HttpMethod.DELETE, "/api/data", Map.of(), TOKEN);
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, reply.status());
        assertEquals("GET, POST", reply.headers().get("allow"));
        assertEquals("GET", router.dispatch(HttpMethod.POST, "/", Map.of(), null).headers().get("allow"));
    }

    /** A console without a token, as it may run on a loopback bind. */
    private final Router tokenless = new Router(new BearerAuth(Optional.empty()))
            .open("/", () -> Reply.text(HttpResponseStatus.OK, Reply.TEXT, "page"))
            .secured(HttpMethod.POST, "/api/data", () -> Reply.text(HttpResponseStatus.OK, Reply.TEXT, "posted"));

    private static Request withHeaders(HttpMethod method, String path, Map<String, String> headers) {
        return new Request(method, path, Map.of(), headers, "", "127.0.0.1:5000");
    }

    @Test
    void withoutATokenOnlyALoopbackHostIsAnsweredAgainstDnsRebinding() {
        for (String host : List.of("localhost", "LOCALHOST:8380", "127.0.0.1", "127.0.0.1:8380", "127.1.2.3:1",
                "[::1]:8380", "[0:0:0:0:0:0:0:1]")) {
            assertEquals("page", body(tokenless.dispatch(withHeaders(HttpMethod.GET, "/", Map.of(Request.HOST, host)))),
                    host);
        }
        for (String host : List.of("evil.example:8380", "evil.example", "localhost.evil.example", "127.0.0.1.nip.io",
                "10.0.0.1:8380", "[::2]:8380", "")) {
            Reply refused = tokenless.dispatch(withHeaders(HttpMethod.POST, "/api/data",
                    Map.of(Request.HOST, host, Request.CONSOLE, "1")));
            assertEquals(HttpResponseStatus.FORBIDDEN, refused.status(), host);
            assertTrue(body(refused).contains("against DNS rebinding"), body(refused));
        }
        assertEquals("page", body(tokenless.dispatch(withHeaders(HttpMethod.GET, "/", Map.of()))),
                "a request without Host comes from no browser");
        assertEquals("page", body(router.dispatch(withHeaders(HttpMethod.GET, "/",
                Map.of(Request.HOST, "proxy-7.example:8380")))), "with a token any Host is answered");
    }

    @Test
    void aChangeFromAnotherOriginIs403WithOrWithoutAToken() {
        Map<String, String> foreign = Map.of(Request.HOST, "127.0.0.1:8380", Request.CONSOLE, "1",
                Request.ORIGIN, "http://evil.example");
        assertEquals(HttpResponseStatus.FORBIDDEN,
                tokenless.dispatch(withHeaders(HttpMethod.POST, "/api/data", foreign)).status());
        Map<String, String> withToken = new HashMap<>(foreign);
        withToken.put(Request.AUTHORIZATION, TOKEN);
        Reply refused = router.dispatch(withHeaders(HttpMethod.POST, "/api/data", withToken));
        assertEquals(HttpResponseStatus.FORBIDDEN, refused.status());
        assertEquals("{\"error\":\"a POST from Origin 'http://evil.example' is refused: it is not this console's "
                + "page (cross-site request)\"}", body(refused));
        assertEquals(HttpResponseStatus.FORBIDDEN, tokenless.dispatch(withHeaders(HttpMethod.POST, "/api/data",
                Map.of(Request.HOST, "localhost:8380", Request.CONSOLE, "1", Request.ORIGIN, "null"))).status());
        assertEquals("posted", body(tokenless.dispatch(withHeaders(HttpMethod.POST, "/api/data",
                Map.of(Request.HOST, "localhost:8380", Request.CONSOLE, "1", Request.ORIGIN, "http://LocalHost:8380")))),
                "the console's own page");
        assertEquals("posted", body(tokenless.dispatch(withHeaders(HttpMethod.POST, "/api/data",
                Map.of(Request.HOST, "localhost:8380", Request.CONSOLE, "1")))), "curl sends no Origin");
    }

    @Test
    void aRouteAddedTwiceIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> router.secured(HttpMethod.GET, "/api/data", () -> Reply.json(1)));
        assertThrows(IllegalArgumentException.class,
                () -> router.secured(HttpMethod.POST, "/", () -> Reply.json(1)));
    }
}
