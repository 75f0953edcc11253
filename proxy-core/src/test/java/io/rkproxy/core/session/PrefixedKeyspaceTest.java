package io.rkproxy.core.session;

import static io.rkproxy.core.resp.Resp.OK;
import static io.rkproxy.core.resp.Resp.array;
import static io.rkproxy.core.resp.Resp.bulk;
import static io.rkproxy.core.resp.Resp.bulks;
import static io.rkproxy.core.resp.Resp.error;
import static io.rkproxy.core.resp.Resp.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.core.backend.FakeLink;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DBSIZE, RANDOMKEY and FLUSHDB of a tenant that shares a cluster: the proxy walks the tenant's keys. */
class PrefixedKeyspaceTest {

    private static final String SCAN_FIRST = "SCAN 0 MATCH carol:* COUNT 1000";
    private static final String SCAN_NEXT = "SCAN 7 MATCH carol:* COUNT 1000";

    private final TestProxy proxy = new TestProxy("""
            pools:
              shared: {type: redis-cluster, nodes: ["127.0.0.1:7000"]}
            tenants:
              carol: {password: carol-secret, pool: shared}
            """);
    private final FakeLink link = proxy.pool("shared").shared("carol");
    private final TestClient client = proxy.connect("carol-secret");

    @AfterEach
    void close() {
        proxy.close();
    }

    /** A SCAN reply: the next cursor and the keys of this batch. */
    private static String batch(String cursor, String... keys) {
        return array(bulk(cursor), bulks(keys));
    }

    @Test
    void randomkeyAnswersAKeyOfTheFirstBatchThatHasOne() {
        client.send("RANDOMKEY");
        link.reply(batch("7"));
        link.reply(batch("0", "carol:only"));
        assertEquals(List.of(SCAN_FIRST, SCAN_NEXT), link.sent());
        assertEquals(bulk("only"), client.replies());
    }

    @Test
    void flushdbUnlinksTheTenantsKeysBatchByBatch() {
        client.send("FLUSHDB");
        link.reply(batch("7", "carol:a", "carol:b"));
        link.reply(integer(2));
        link.reply(batch("0", "carol:c"));
        link.reply(integer(1));
        assertEquals(List.of(SCAN_FIRST, "UNLINK carol:a carol:b", SCAN_NEXT, "UNLINK carol:c"), link.sent());
        assertEquals(OK, client.replies());
    }

    @Test
    void aWalkThatFailsAnswersTheErrorAndTheSessionGoesOn() {
        client.send("DBSIZE", "GET x");
        link.reply(error("ERR boom"));
        assertEquals(SessionState.READY, client.state());
        assertEquals(List.of(SCAN_FIRST, "GET carol:x"), link.sent());
        link.reply(bulk("X"));
        assertEquals(error("ERR boom") + bulk("X"), client.replies());
    }

    @Test
    void aCountStopsWhenTheClientHasGone() {
        client.send("DBSIZE");
        client.close();
        link.reply(batch("7", "carol:a"));
        assertEquals(List.of(SCAN_FIRST), link.sent());
    }

    @Test
    void aFlushdbIsCarriedOutWholeWhenTheClientHasGone() {
        client.send("FLUSHDB");
        client.close();
        link.reply(batch("7", "carol:a"));
        link.reply(integer(1));
        link.reply(batch("0", "carol:b"));
        assertEquals(List.of(SCAN_FIRST, "UNLINK carol:a", SCAN_NEXT, "UNLINK carol:b"), link.sent());
    }
}
