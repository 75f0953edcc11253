package io.rkproxy.core.session;

import static io.rkproxy.core.resp.Resp.bulk;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.backend.FakeLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientSessionTest {

    private final TestProxy proxy = new TestProxy("""
            server: {max-in-flight: 4}
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
            tenants:
              alice: {password: alice-secret, pool: cache, db: 1}
            """);

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void readingStopsAtMaxInFlightAndResumesOnceHalfAreAnswered() {
        TestClient client = proxy.connect("alice-secret");
        FakeLink link = proxy.pool("cache").shared("alice");
        client.send("GET a", "GET b", "GET c");
        assertTrue(client.reading());
        client.send("GET d");
        assertFalse(client.reading());

        link.reply(bulk("A"));
        assertFalse(client.reading(), "three still in flight");
        link.reply(bulk("B"));
        assertTrue(client.reading());
    }
}
