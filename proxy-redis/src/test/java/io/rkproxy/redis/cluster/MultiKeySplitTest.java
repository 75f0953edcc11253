package io.rkproxy.redis.cluster;

import static io.rkproxy.redis.RespValues.OK;
import static io.rkproxy.redis.RespValues.array;
import static io.rkproxy.redis.RespValues.bulk;
import static io.rkproxy.redis.RespValues.error;
import static io.rkproxy.redis.RespValues.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.redis.Commands;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.redis.RecordedReply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Splitting MGET, MSET and the counting commands per slot, and merging the parts' replies: envoy's splitter matrix
 * (every part answers, one fails, one answers with the wrong type, the parts answer out of order) for each.
 */
class MultiKeySplitTest {

    /** Keys {@code {a}...} share one slot, {@code {b}...} another, {@code {c}...} a third. */
    private static final int A = slot("a");
    private static final int B = slot("b");
    private static final int C = slot("c");

    private final ScriptedRoute route = new ScriptedRoute(Protocol.RESP2, new Address("10.0.0.1", 7000));
    private final RecordedReply client = new RecordedReply();

    private static int slot(String tag) {
        return SlotHash.slot(tag.getBytes(StandardCharsets.UTF_8));
    }

    /** Splits a client's command and sends the parts; returns them as sent, in order. */
    private List<ScriptedRoute.Sent> split(String... args) {
        RespCommand command = RespCommand.of(args);
        int step = command.name().equals("mset") ? 2 : 1;
        int[] keys = IntStream.iterate(1, i -> i < args.length, i -> i + step).toArray();
        MultiKeySplit.run(route, command, keys, client);
        assertEquals(0, command.refCnt(), "the client's command is released once split");
        return route.take();
    }

    @Test
    void handlesTheCommandsItCanMergeAndNoOther() {
        for (String name : List.of("MGET", "mset", "DEL", "UNLINK", "EXISTS", "TOUCH")) {
            assertTrue(Commands.test(MultiKeySplit::handles, name, "k"), name);
        }
        for (String name : List.of("MSETNX", "SINTER", "GET", "RENAME")) {
            assertFalse(Commands.test(MultiKeySplit::handles, name, "k"), name);
        }
    }

    @Test
    void mgetSendsEachSlotItsKeysInTheClientsOrder() {
        List<ScriptedRoute.Sent> parts = split("MGET", "{a}1", "{b}1", "{a}2", "{c}1");
        assertEquals(List.of("slot " + A + ": MGET {a}1 {a}2", "slot " + B + ": MGET {b}1", "slot " + C + ": MGET {c}1"),
                ScriptedRoute.lines(parts));
    }

    @Test
    void mgetMergesValuesAndNilsInTheClientsKeyOrder() {
        List<ScriptedRoute.Sent> parts = split("MGET", "{a}1", "{b}1", "{a}2", "{c}1");
        parts.get(0).answer(array(bulk("a1"), RespValue.NULL));
        parts.get(1).answer(array(bulk("b1")));
        parts.get(2).answer(array(bulk("c1")));
        assertEquals(array(bulk("a1"), bulk("b1"), RespValue.NULL, bulk("c1")), client.value());
    }

    @Test
    void mgetMergesValuesInKeyOrderWhenNodesAnswerOutOfOrder() {
        List<ScriptedRoute.Sent> parts = split("MGET", "{a}1", "{b}1", "{a}2", "{c}1");
        parts.get(2).answer(array(bulk("c1")));
        parts.get(0).answer(array(bulk("a1"), bulk("a2")));
        assertFalse(client.answered(), "no answer before every part has one");
        parts.get(1).answer(array(bulk("b1")));
        assertEquals(array(bulk("a1"), bulk("b1"), bulk("a2"), bulk("c1")), client.value());
    }

    @Test
    void mgetWritesItsNilsInTheSessionsProtocol() {
        ScriptedRoute resp3 = new ScriptedRoute(Protocol.RESP3, new Address("10.0.0.1", 7000));
        MultiKeySplit.run(resp3, RespCommand.of("MGET", "{a}1", "{b}1"), new int[] {1, 2}, client);
        List<ScriptedRoute.Sent> parts = resp3.take();
        parts.get(0).answer(array(RespValue.NULL));
        parts.get(1).answer(array(bulk("b1")));
        assertEquals("*2\r\n_\r\n$2\r\nb1\r\n", client.frame());
    }

    @Test
    void mgetFailsWithTheErrorOfAPartThatFailed() {
        List<ScriptedRoute.Sent> parts = split("MGET", "{a}1", "{b}1", "{c}1");
        parts.get(0).answer(array(bulk("a1")));
        parts.get(1).answer(error("LOADING Redis is loading the dataset in memory"));
        parts.get(2).answer(array(bulk("c1")));
        assertEquals("LOADING Redis is loading the dataset in memory", client.error());
    }

    @Test
    void mgetFailsWhenANodeCannotBeReached() {
        List<ScriptedRoute.Sent> parts = split("MGET", "{a}1", "{b}1");
        parts.get(1).fail("ERR backend pool 'big' is unavailable: connection lost");
        parts.get(0).answer(array(bulk("a1")));
        assertEquals("ERR backend pool 'big' is unavailable: connection lost", client.error());
    }

    @Test
    void mgetFailsWhenANodeAnswersWithAnotherType() {
        List<ScriptedRoute.Sent> parts = split("MGET", "{a}1", "{b}1");
        parts.get(0).answer(array(bulk("a1")));
        parts.get(1).answer(integer(1));
        assertTrue(client.error().startsWith(Gather.MERGE_FAILED), client.error());
    }

    @Test
    void mgetFailsWhenANodeAnswersFewerValuesThanItWasAskedKeys() {
        List<ScriptedRoute.Sent> parts = split("MGET", "{a}1", "{a}2", "{b}1");
        parts.get(0).answer(array(bulk("a1")));
        parts.get(1).answer(array(bulk("b1")));
        assertTrue(client.error().startsWith(Gather.MERGE_FAILED), client.error());
    }

    @Test
    void msetSendsEachSlotItsKeysWithTheirValues() {
        List<ScriptedRoute.Sent> parts = split("MSET", "{a}1", "x", "{b}1", "y", "{a}2", "z");
        assertEquals(List.of("slot " + A + ": MSET {a}1 x {a}2 z", "slot " + B + ": MSET {b}1 y"),
                ScriptedRoute.lines(parts));
    }

    @Test
    void msetAnswersOkOnceEveryPartSaidOkInAnyOrder() {
        List<ScriptedRoute.Sent> parts = split("MSET", "{a}1", "x", "{b}1", "y", "{c}1", "z");
        parts.get(2).answer(OK);
        parts.get(0).answer(OK);
        assertFalse(client.answered());
        parts.get(1).answer(OK);
        assertEquals(OK, client.value());
    }

    @Test
    void msetFailsWithTheErrorOfAPartThatFailed() {
        List<ScriptedRoute.Sent> parts = split("MSET", "{a}1", "x", "{b}1", "y");
        parts.get(0).answer(error("OOM command not allowed when used memory > 'maxmemory'."));
        parts.get(1).answer(OK);
        assertEquals("OOM command not allowed when used memory > 'maxmemory'.", client.error());
    }

    @Test
    void msetFailsWhenAPartAnswersAnythingButOk() {
        List<ScriptedRoute.Sent> parts = split("MSET", "{a}1", "x", "{b}1", "y");
        parts.get(0).answer(OK);
        parts.get(1).answer(integer(1));
        assertTrue(client.error().startsWith(Gather.MERGE_FAILED), client.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEL", "UNLINK", "EXISTS", "TOUCH"})
    void countingCommandsSendEachSlotItsKeysAndSumThePartsInAnyOrder(String name) {
        List<ScriptedRoute.Sent> parts = split(name, "{a}1", "{b}1", "{a}2", "{c}1");
        assertEquals(List.of("slot " + A + ": " + name + " {a}1 {a}2", "slot " + B + ": " + name + " {b}1",
                "slot " + C + ": " + name + " {c}1"), ScriptedRoute.lines(parts));
        parts.get(1).answer(integer(0));
        parts.get(2).answer(integer(1));
        assertFalse(client.answered());
        parts.get(0).answer(integer(2));
        assertEquals(integer(3), client.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEL", "UNLINK", "EXISTS", "TOUCH"})
    void countingCommandsFailWithTheErrorOfAPartThatFailed(String name) {
        List<ScriptedRoute.Sent> parts = split(name, "{a}1", "{b}1");
        parts.get(0).answer(integer(1));
        parts.get(1).answer(error("READONLY You can't write against a read only replica."));
        assertEquals("READONLY You can't write against a read only replica.", client.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEL", "UNLINK", "EXISTS", "TOUCH"})
    void countingCommandsFailWhenAPartAnswersWithAnotherType(String name) {
        List<ScriptedRoute.Sent> parts = split(name, "{a}1", "{b}1");
        parts.get(0).answer(bulk("1"));
        parts.get(1).answer(integer(1));
        assertTrue(client.error().startsWith(Gather.MERGE_FAILED), client.error());
    }

    @Test
    void msetWithAKeyLackingItsValueGetsRedisArityErrorAndSendsNothing() {
        RespCommand command = RespCommand.of("MSET", "{a}1", "v", "{b}1");
        MultiKeySplit.run(route, command, new int[] {1, 3}, client);
        assertEquals("ERR wrong number of arguments for 'mset' command", client.error());
        assertEquals(0, command.refCnt());
        assertEquals(List.of(), route.take());
    }
}
