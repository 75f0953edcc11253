package io.rkproxy.core.session;

import static io.rkproxy.core.resp.Resp.OK;
import static io.rkproxy.core.resp.Resp.bulk;
import static io.rkproxy.core.resp.Resp.bulks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.backend.FakeLink;
import io.rkproxy.core.backend.FakePool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Commands that must wait hold back every later one, which then runs in order; the client is not read meanwhile. */
class CommandGateTest {

    private final TestProxy proxy = new TestProxy("""
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
            tenants:
              alice: {password: alice-secret, pool: cache, db: 1}
            """);
    private final FakePool cache = proxy.pool("cache");
    private final FakeLink shared = cache.shared("alice");
    private final TestClient client = proxy.connect("alice-secret");

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void commandsBehindAWaitingOneParkInOrderAndReadingStops() {
        client.send("GET a", "BLPOP q 0", "GET b", "SET c 1");
        assertEquals(List.of("GET a"), shared.sent(), "GET b could go at once, but not before BLPOP");
        assertEquals(List.of(), cache.pinned());
        assertFalse(client.reading());

        shared.reply(bulk("A"));
        FakeLink pinned = cache.pinned().get(0);
        assertEquals(List.of("BLPOP q 0", "GET b", "SET c 1"), pinned.sent());
        assertEquals(List.of("GET a"), shared.sent());
        assertTrue(client.reading(), "nothing is parked any more");

        pinned.reply(bulks("q", "v"));
        pinned.reply(bulk("B"));
        pinned.reply(OK);
        assertEquals(bulk("A") + bulks("q", "v") + bulk("B") + OK, client.replies());
        assertTrue(pinned.released());
    }

    @Test
    void aParkedCommandThatMustWaitAgainKeepsItsPlaceAndIsCountedOnce() {
        client.send("GET a", "BLPOP q 0", "PUBLISH ch m", "GET b");
        shared.reply(bulk("A"));
        FakeLink pinned = cache.pinned().get(0);
        assertEquals(List.of("BLPOP q 0"), pinned.sent());
        assertEquals(List.of(), cache.channelLink().sent(), "PUBLISH waits again, for BLPOP");
        assertFalse(client.reading());

        pinned.reply(bulks("q", "v"));
        assertEquals(List.of("PUBLISH alice:ch m"), cache.channelLink().sent());
        assertEquals(List.of("GET a"), shared.sent(), "GET b waits for PUBLISH, on another link");

        cache.channelLink().reply(":0\r\n");
        assertEquals(List.of("GET a", "GET b"), shared.sent());
        assertTrue(client.reading());
        shared.reply(bulk("B"));
        assertEquals(bulk("A") + bulks("q", "v") + ":0\r\n" + bulk("B"), client.replies());
        assertEquals(Map.of("get", 2L, "blpop", 1L, "publish", 1L), proxy.meters("alice").commandsByName());
    }
}
