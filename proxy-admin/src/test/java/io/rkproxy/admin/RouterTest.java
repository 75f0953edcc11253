package io.rkproxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final String TOKEN = "Bearer the-token-of-the-console";

    private final Router router = new Router(new BearerAuth(Optional.of("the-token-of-the-console")))
            .open("/", () -> Reply.text(HttpResponseStatus.OK, Reply.TEXT, "page"))
            .secured(HttpMethod.GET, "/api/data", () -> Reply.json(Map.of("data", 1)))
            .secured(HttpMethod.POST, "/api/data", () -> Reply.text(HttpResponseStatus.OK, Reply.TEXT, "posted"));

    private static String body(Reply reply) {
        return new String(reply.body(), StandardCharsets.UTF_8);
    }

    @Test
    void openPathsNeedNoToken() {
        Reply reply = router.dispatch(HttpMethod.GET, "/", null);
        assertEquals(HttpResponseStatus.OK, reply.status());
        assertEquals("page", body(reply));
    }

    @Test
    void securedPathsNeedTheTokenAndSayWhichScheme() {
        Reply refused = router.dispatch(HttpMethod.GET, "/api/data", null);
        assertEquals(HttpResponseStatus.UNAUTHORIZED, refused.status());
        assertEquals("Bearer realm=\"rkproxy\"", refused.headers().get("www-authenticate"));
        assertEquals(Reply.JSON, refused.contentType());
        assertEquals(HttpResponseStatus.OK, router.dispatch(HttpMethod.GET, "/api/data", TOKEN).status());
        assertEquals("posted", body(router.dispatch(HttpMethod.POST, "/api/data", TOKEN)));
    }

    @Test
    void unknownPathsNeedTheTokenBeforeTheyAre404() {
        assertEquals(HttpResponseStatus.UNAUTHORIZED, router.dispatch(HttpMethod.GET, "/nothing", null).status());
        Reply missing = router.dispatch(HttpMethod.GET, "/nothing", TOKEN);
        assertEquals(HttpResponseStatus.NOT_FOUND, missing.status());
        assertEquals("{\"error\":\"no such path: /nothing\"}", body(missing));
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        Reply reply = router.dispatch(HttpMethod.DELETE, "/api/data", TOKEN);
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, reply.status());
        assertEquals("GET, POST", reply.headers().get("allow"));
        assertEquals("GET", router.dispatch(HttpMethod.POST, "/", null).headers().get("allow"));
    }

    @Test
    void aRouteAddedTwiceIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> router.secured(HttpMethod.GET, "/api/data", () -> Reply.json(1)));
        assertThrows(IllegalArgumentException.class,
                () -> router.secured(HttpMethod.POST, "/", () -> Reply.json(1)));
    }
}
