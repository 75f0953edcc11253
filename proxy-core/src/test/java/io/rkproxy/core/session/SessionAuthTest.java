package io.rkproxy.core.session;

import static io.rkproxy.core.resp.Resp.OK;
import static io.rkproxy.core.resp.Resp.bulk;
import static io.rkproxy.core.resp.Resp.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.backend.FakeLink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An AUTH from an address past its failures waits out the delay on a timer; what the client sent after it waits
 * too, and runs after it, as the tenant it authenticated as or, if it failed, as nobody.
 */
class SessionAuthTest {

    private static final Duration DELAY = Duration.ofMillis(200);

    private final TestProxy proxy = new TestProxy("""
            server: {auth-max-failures: 1, auth-failure-delay-ms: %d}
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
            tenants:
              alice: {password: alice-secret, pool: cache, db: 1}
            """.formatted(DELAY.toMillis()));
    private final FakeLink shared = proxy.pool("cache").shared("alice");
    private final TestClient client = proxy.connect();

    @BeforeEach
    void failOnce() {
        client.send("AUTH wrong");
        assertEquals(error(RespErrors.WRONGPASS), client.replies(), "the first failure is not delayed");
    }

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void pipelinedCommandsRunAfterTheDelayedAuthAsItsTenant() {
        client.send("AUTH alice-secret", "GET k");
        assertEquals(SessionState.AUTHENTICATING, client.state());
        assertFalse(client.reading());
        client.advance(DELAY.minusMillis(1));
        assertEquals("", client.replies());
        assertEquals(List.of(), shared.sent());

        client.advance(Duration.ofMillis(1));
        assertEquals(SessionState.READY, client.state());
        assertEquals(List.of("GET k"), shared.sent());
        shared.reply(bulk("v"));
        assertEquals(OK + bulk("v"), client.replies());
        assertTrue(client.reading());
    }

    @Test
    void aCommandAlreadyFramedWaitsInTheGateBehindTheDelayedAuth() {
        client.send("AUTH alice-secret");
        client.deliver("GET k");
        assertEquals(SessionState.AUTHENTICATING, client.state());
        assertEquals(List.of(), shared.sent());

        client.advance(DELAY);
        assertEquals(List.of("GET k"), shared.sent());
        shared.reply(bulk("v"));
        assertEquals(OK + bulk("v"), client.replies());
    }

    @Test
    void afterADelayedAuthFailsLaterCommandsAreRefusedAuthentication() {
        client.send("AUTH wrong-again", "GET k");
        client.advance(DELAY);
        assertEquals(SessionState.UNAUTHENTICATED, client.state());
        assertEquals(error(RespErrors.WRONGPASS) + error(RespErrors.NOAUTH), client.replies());
        assertEquals(List.of(), shared.sent());
    }
}
