package io.rkproxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
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

    @Test
    void aRouteAddedTwiceIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> router.secured(HttpMethod.GET, "/api/data", () -> Reply.json(1)));
        assertThrows(IllegalArgumentException.class,
                () -> router.secured(HttpMethod.POST, "/", () -> Reply.json(1)));
    }
}
