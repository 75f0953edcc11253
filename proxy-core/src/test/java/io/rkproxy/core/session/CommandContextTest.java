package io.rkproxy.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.backend.FakeLink;
import io.rkproxy.core.runtime.ProxySnapshot;
import org.junit.jupiter.api.Test;

/**
 * Each command reads the snapshot once: a reload in the middle of a command cannot give it a tenant from one config
 * and a pool from another.
 */
class CommandContextTest {

    /** In the first config carol is on pool side; in the second that pool is gone, and carol is on cache. */
    private static final String ON_SIDE = """
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
              side: {type: redis, nodes: ["127.0.0.1:6380"]}
            tenants:
              carol: {password: carol-secret, pool: side, db: 1}
            """;
    private static final String MOVED = """
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
            tenants:
              carol: {password: carol-secret, pool: cache, db: 1}
            """;
    private static final int COMMANDS = 10;

    @Test
    void aReloadBetweenTwoReadsOfOneCommandCannotSplitItsView() {
        try (TestProxy proxy = new TestProxy(ON_SIDE)) {
            ProxySnapshot onSide = proxy.runtime().snapshot();
            ProxySnapshot moved = proxy.snapshot(MOVED);
            FakeLink side = proxy.pool("side").shared("carol");
            FakeLink cache = proxy.pool("cache").shared("carol");
            TestClient client = proxy.connect("carol-secret");
            // Each command starts on the config given below; the first read of the clock in it swaps the other in.
            proxy.onClockRead(() -> proxy.runtime().swap(proxy.runtime().snapshot() == onSide ? moved : onSide));
            for (int i = 0; i < COMMANDS; i++) {
                proxy.runtime().swap(i % 2 == 0 ? onSide : moved);
                client.send("GET k");
                (i % 2 == 0 ? side : cache).reply("+OK\r\n");
            }
            assertEquals("+OK\r\n".repeat(COMMANDS), client.replies());
            assertTrue(client.isOpen());
            assertEquals(COMMANDS / 2, side.sent().size(), "each command went to the pool of its own config");
            assertEquals(COMMANDS / 2, cache.sent().size());
        }
    }
}
