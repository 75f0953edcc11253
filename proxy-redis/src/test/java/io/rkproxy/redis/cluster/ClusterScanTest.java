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
import io.rkproxy.redis.RespValues;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
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

    /**
     * Runs a client's SCAN with {@code clientCursor} and COUNT 2, answers it with {@code nodeCursor} and two keys,
     * which fill the page.
     */
    private RespValue scanAnswered(long clientCursor, long nodeCursor) {
        scan("SCAN", Long.toString(clientCursor), "COUNT", "2").get(0)
                .answer(array(bulk(Long.toString(nodeCursor)), KEYS));
        return client.value();
    }

    /** A master's SCAN reply. */
    private static RespValue batch(long nodeCursor, String... keys) {
        return array(bulk(Long.toString(nodeCursor)), array(Arrays.stream(keys).map(RespValues::bulk)
                .toArray(RespValue[]::new)));
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
    void aMasterThatIsDoneWithAFullPageHandsOnToTheNextInTheNextCall() {
        assertEquals(array(bulk("2"), KEYS), scanAnswered(cursor(9, 1), 0));
        assertEquals(List.of(), route.take());
    }

    @Test
    void aMasterThatIsDoneShortOfCountGoesOnToTheNextMastersInTheSameCallWithTheSameOptions() {
        List<ScriptedRoute.Sent> first = scan("SCAN", "0", "MATCH", "t1:*", "COUNT", "10", "TYPE", "string");
        first.get(0).answer(batch(0, "t1:a", "t1:b"));
        List<ScriptedRoute.Sent> second = route.take();
        assertEquals(List.of("keyspace " + M2 + ": SCAN 0 MATCH t1:* COUNT 10 TYPE string"),
                ScriptedRoute.lines(second));
        second.get(0).answer(batch(0));
        List<ScriptedRoute.Sent> third = route.take();
        assertEquals(List.of("keyspace " + M3 + ": SCAN 0 MATCH t1:* COUNT 10 TYPE string"),
                ScriptedRoute.lines(third));
        third.get(0).answer(batch(0, "t1:c", "t1:d", "t1:e"));
        assertEquals(batch(0, "t1:a", "t1:b", "t1:c", "t1:d", "t1:e"), client.value(), "in master order, ended");
        assertEquals(List.of(), route.take(), "one pass: no master is asked twice");
    }

    @Test
    void thePageEndsOnceCountKeysAreCollectedAndTheCursorNamesTheNextMaster() {
        scan("SCAN", "0", "COUNT", "3").get(0).answer(batch(0, "t1:a", "t1:b"));
        route.take().get(0).answer(batch(0, "t1:c"));
        assertEquals(batch(2, "t1:a", "t1:b", "t1:c"), client.value());
        assertEquals(List.of(), route.take());
    }

    @Test
    void withoutCountThePageHoldsRedisesDefaultOfTen() {
        String[] ten = IntStream.range(0, 10).mapToObj(i -> "t1:k" + i).toArray(String[]::new);
        scan("SCAN", "0").get(0).answer(batch(0, ten));
        assertEquals(batch(1, ten), client.value());
        assertEquals(List.of(), route.take());
    }

    @Test
    void theLastCountOfTheOptionsIsTheOneThatCounts() {
        scan("SCAN", "0", "COUNT", "1", "count", "5").get(0).answer(batch(0, "t1:a", "t1:b"));
        assertEquals(1, route.take().size(), "two keys fill no page of five");
    }

    @Test
    void aMasterNotDoneEndsTheCallWithItsCursorEvenShortOfCount() {
        scan("SCAN", "0").get(0).answer(batch(0, "t1:a"));
        route.take().get(0).answer(batch(7, "t1:b"));
        assertEquals(batch(cursor(7, 1), "t1:a", "t1:b"), client.value());
        assertEquals(List.of(), route.take());
    }

    @Test
    void aCursorNamingAMasterContinuesThereAndGoesOnFromIt() {
        List<ScriptedRoute.Sent> sent = scan("SCAN", Long.toString(cursor(17, 1)));
        assertEquals(List.of("keyspace " + M2 + ": SCAN 17"), ScriptedRoute.lines(sent));
        sent.get(0).answer(batch(0, "t1:a"));
        List<ScriptedRoute.Sent> next = route.take();
        assertEquals(List.of("keyspace " + M3 + ": SCAN 0"), ScriptedRoute.lines(next));
        next.get(0).answer(batch(0, "t1:b"));
        assertEquals(batch(0, "t1:a", "t1:b"), client.value());
    }

    @Test
    void aLaterMastersFailureFailsTheCallAndTheClientsCursorStillHolds() {
        scan("SCAN", "0").get(0).answer(batch(0, "t1:a"));
        route.take().get(0).fail("ERR pool 'big': connection lost");
        assertEquals("ERR pool 'big': connection lost", client.error());
        assertEquals(List.of(), route.take());
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
