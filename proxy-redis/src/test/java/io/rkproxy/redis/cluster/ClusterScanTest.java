package io.rkproxy.redis.cluster;

import static io.rkproxy.redis.RespValues.array;
import static io.rkproxy.redis.RespValues.bulk;
import static io.rkproxy.redis.RespValues.error;
import static io.rkproxy.redis.RespValues.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.redis.RecordedReply;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterScanTest {

    private static final Address M1 = new Address("10.0.0.1", 7000);
    private static final Address M2 = new Address("10.0.0.2", 7000);
    private static final Address M3 = new Address("10.0.0.3", 7000);
    private static final RespValue KEYS = array(bulk("t1:k1"), bulk("t1:k2"));

    private final ScriptedRoute route = new ScriptedRoute(Protocol.RESP2, M1, M2, M3);
    private final RecordedReply client = new RecordedReply();

    /** The client's cursor for {@code nodeCursor} on the master {@code node} (0 for the first in slot order). */
    private static long cursor(long nodeCursor, int node) {
        return nodeCursor << ClusterScan.NODE_BITS | node;
    }

    /** Runs a client's SCAN; returns what it sent. */
    private List<ScriptedRoute.Sent> scan(String... args) {
        RespCommand command = RespCommand.of(args);
        ClusterScan.run(route, route.table(), command, client);
        assertEquals(0, command.refCnt());
        return route.take();
    }

    /** Runs a client's SCAN with {@code clientCursor}, answers it with {@code nodeCursor} and the keys. */
    private RespValue scanAnswered(long clientCursor, long nodeCursor) {
        scan("SCAN", Long.toString(clientCursor)).get(0).answer(array(bulk(Long.toString(nodeCursor)), KEYS));
        return client.value();
    }

    @Test
    void aNewScanStartsOnTheFirstMasterInSlotOrderWithTheClientsOptions() {
        assertEquals(List.of("keyspace " + M1 + ": SCAN 0 MATCH t1:* COUNT 10"),
                ScriptedRoute.lines(scan("SCAN", "0", "MATCH", "t1:*", "COUNT", "10")));
    }

    @Test
    void theClientsCursorCarriesTheMasterAndThatMastersCursor() {
        List<ScriptedRoute.Sent> sent = scan("SCAN", Long.toString(cursor(17, 1)));
        assertEquals(List.of("keyspace " + M2 + ": SCAN 17"), ScriptedRoute.lines(sent));
        sent.get(0).answer(array(bulk("5"), KEYS));
        assertEquals(array(bulk(Long.toString(cursor(5, 1))), KEYS), client.value());
    }

    @Test
    void aMasterThatIsDoneHandsOnToTheNext() {
        assertEquals(array(bulk("2"), KEYS), scanAnswered(cursor(9, 1), 0));
    }

    @Test
    void theLastMasterDoneEndsTheScan() {
        assertEquals(array(bulk("0"), KEYS), scanAnswered(cursor(9, 2), 0));
    }

    @Test
    void refusesACursorItDidNotHandOut() {
        scan("SCAN", "nope");
        assertEquals("ERR invalid cursor", client.error());
        RecordedReply past = new RecordedReply();
        ClusterScan.run(route, route.table(), RespCommand.of("SCAN", Long.toString(cursor(0, 3))), past);
        assertEquals("ERR invalid cursor", past.error());
        assertEquals(List.of(), route.take());
    }

    @Test
    void aMastersCursorTooLargeToCombineWithAMasterNumberFailsTheScan() {
        scan("SCAN", "0").get(0).answer(array(bulk(Long.toUnsignedString(1L << 60)), KEYS));
        assertTrue(client.error().startsWith("ERR backend pool 'big' is unavailable: "), client.error());
    }

    @Test
    void aMastersErrorIsTheClients() {
        scan("SCAN", "0").get(0).answer(error("ERR syntax error"));
        assertEquals("ERR syntax error", client.error());
    }

    @Test
    void aMastersReplyOfAnotherShapeFailsTheScan() {
        scan("SCAN", "0").get(0).answer(integer(1));
        assertTrue(client.error().startsWith("ERR backend pool 'big' is unavailable: "), client.error());
    }
}
