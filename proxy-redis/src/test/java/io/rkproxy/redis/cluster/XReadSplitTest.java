package io.rkproxy.redis.cluster;

import static io.rkproxy.redis.RespValues.array;
import static io.rkproxy.redis.RespValues.bulk;
import static io.rkproxy.redis.RespValues.error;
import static io.rkproxy.redis.RespValues.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import io.rkproxy.redis.Commands;
import io.rkproxy.redis.RecordedReply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * XREAD and XREADGROUP over streams of several slots: the parts each slot gets, and the merge of their replies (every
 * part has entries, some have none, all have none, one fails, one answers malformed), in RESP2 and RESP3.
 */
class XReadSplitTest {

    private static final int A = slot("a");
    private static final int B = slot("b");
    private static final int C = slot("c");

    private RecordedReply client = new RecordedReply();

    private static int slot(String tag) {
        return SlotHash.slot(tag.getBytes(StandardCharsets.UTF_8));
    }

    /** Splits a client's command over {@code route}; returns the parts as sent, in order. */
    private List<ScriptedRoute.Sent> split(ScriptedRoute route, String... args) {
        RespCommand command = RespCommand.of(args);
        int streamsAt = List.of(args).indexOf("STREAMS") + 1;
        int[] keys = IntStream.range(streamsAt, streamsAt + (args.length - streamsAt) / 2).toArray();
        XReadSplit.run(route, command, keys, client);
        assertEquals(0, command.refCnt(), "the client's command is released once split");
        return route.take();
    }

    private List<ScriptedRoute.Sent> split(String... args) {
        return split(new ScriptedRoute(Protocol.RESP2, new Address("10.0.0.1", 7000)), args);
    }

    /** One stream's entries: one entry {@code id} with one field. */
    private static RespValue entries(String id) {
        return array(array(bulk(id), array(bulk("f"), bulk("v"))));
    }

    private static RespValue stream(String name, String id) {
        return array(bulk(name), entries(id));
    }

    private static void answerResp3(ScriptedRoute.Sent part, RespValue reply) {
        part.callback().onReply(RespValueEncoder.encode(reply, Unpooled.buffer(), Protocol.RESP3));
    }

    @Test
    void splitsOnlyWhatDoesNotBlock() {
        assertTrue(Commands.test(c -> XReadSplit.handles(c, false), "XREAD", "STREAMS", "a", "b", "0", "0"));
        assertTrue(Commands.test(c -> XReadSplit.handles(c, false), "XREADGROUP", "GROUP", "g", "c", "STREAMS",
                "a", "b", ">", ">"));
        assertFalse(Commands.test(c -> XReadSplit.handles(c, true), "XREAD", "BLOCK", "0", "STREAMS", "a", "b",
                "0", "0"));
        assertFalse(Commands.test(c -> XReadSplit.handles(c, false), "MGET", "a", "b"));
    }

    @Test
    void eachSlotGetsTheOptionsWithItsStreamsAndTheirIdsInTheClientsOrder() {
        List<ScriptedRoute.Sent> parts = split("XREAD", "COUNT", "2", "STREAMS", "{a}1", "{b}1", "{a}2", "{c}1",
                "1-0", "2-0", "3-0", "$");
        assertEquals(List.of("slot " + A + ": XREAD COUNT 2 STREAMS {a}1 {a}2 1-0 3-0",
                "slot " + B + ": XREAD COUNT 2 STREAMS {b}1 2-0",
                "slot " + C + ": XREAD COUNT 2 STREAMS {c}1 $"), ScriptedRoute.lines(parts));
    }

    @Test
    void xreadgroupKeepsItsGroupConsumerAndNoack() {
        List<ScriptedRoute.Sent> parts = split("XREADGROUP", "GROUP", "g", "alice", "NOACK", "STREAMS", "{a}1",
                "{b}1", ">", "0");
        assertEquals(List.of("slot " + A + ": XREADGROUP GROUP g alice NOACK STREAMS {a}1 >",
                "slot " + B + ": XREADGROUP GROUP g alice NOACK STREAMS {b}1 0"), ScriptedRoute.lines(parts));
    }

    @Test
    void mergesTheStreamsThatHadEntriesInTheOrderTheClientNamedThemWhicheverPartAnswersFirst() {
        List<ScriptedRoute.Sent> parts = split("XREAD", "STREAMS", "{a}1", "{b}1", "{a}2", "{c}1",
                "0", "0", "0", "0");
        parts.get(2).answer(array(stream("{c}1", "4-0")));
        parts.get(1).answer(RespValue.NULL);
        assertFalse(client.answered(), "no answer before every part has one");
        parts.get(0).answer(array(stream("{a}2", "3-0"), stream("{a}1", "1-0")));
        assertEquals(array(stream("{a}1", "1-0"), stream("{a}2", "3-0"), stream("{c}1", "4-0")), client.value());
    }

    @Test
    void answersANullArrayWhenNoStreamHadEntries() {
        List<ScriptedRoute.Sent> parts = split("XREAD", "STREAMS", "{a}1", "{b}1", "0", "0");
        parts.get(0).answer(RespValue.NULL);
        parts.get(1).answer(RespValue.NULL);
        assertEquals("*-1\r\n", client.frame());
    }

    @Test
    void aResp3SessionGetsAMapInTheClientsOrderAndItsNullWhenNothingCame() {
        ScriptedRoute resp3 = new ScriptedRoute(Protocol.RESP3, new Address("10.0.0.1", 7000));
        List<ScriptedRoute.Sent> parts = split(resp3, "XREAD", "STREAMS", "{b}1", "{a}1", "0", "0");
        answerResp3(parts.get(1), new RespValue.Dict(List.of(bulk("{a}1"), entries("1-0"))));
        answerResp3(parts.get(0), new RespValue.Dict(List.of(bulk("{b}1"), entries("2-0"))));
        assertEquals("%2\r\n$4\r\n{b}1\r\n*1\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
                + "$4\r\n{a}1\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n", client.frame());

        client = new RecordedReply();
        parts = split(resp3, "XREAD", "STREAMS", "{b}1", "{a}1", "0", "0");
        answerResp3(parts.get(0), RespValue.NULL);
        answerResp3(parts.get(1), RespValue.NULL);
        assertEquals("_\r\n", client.frame());
    }

    @Test
    void aStreamNamedTwiceIsAnsweredTwiceAsRedisDoes() {
        List<ScriptedRoute.Sent> parts = split("XREAD", "STREAMS", "{a}1", "{b}1", "{a}1", "0", "0", "5-0");
        parts.get(0).answer(array(stream("{a}1", "1-0"), stream("{a}1", "6-0")));
        parts.get(1).answer(RespValue.NULL);
        assertEquals(array(stream("{a}1", "1-0"), stream("{a}1", "6-0")), client.value());
    }

    @Test
    void failsWithTheErrorOfAPartThatFailed() {
        List<ScriptedRoute.Sent> parts = split("XREADGROUP", "GROUP", "g", "c", "STREAMS", "{a}1", "{b}1", ">", ">");
        parts.get(0).answer(array(stream("{a}1", "1-0")));
        parts.get(1).answer(error("NOGROUP No such key '{b}1' or consumer group 'g' in XREADGROUP with GROUP option"));
        assertEquals("NOGROUP No such key '{b}1' or consumer group 'g' in XREADGROUP with GROUP option",
                client.error());
    }

    @Test
    void failsWhenANodeCannotBeReached() {
        List<ScriptedRoute.Sent> parts = split("XREAD", "STREAMS", "{a}1", "{b}1", "0", "0");
        parts.get(1).fail("ERR backend pool 'big' is unavailable: connection lost");
        parts.get(0).answer(RespValue.NULL);
        assertEquals("ERR backend pool 'big' is unavailable: connection lost", client.error());
    }

    @Test
    void failsWhenAPartAnswersSomethingElseThanStreams() {
        List<ScriptedRoute.Sent> parts = split("XREAD", "STREAMS", "{a}1", "{b}1", "0", "0");
        parts.get(0).answer(integer(1));
        parts.get(1).answer(RespValue.NULL);
        assertTrue(client.error().startsWith(Gather.MERGE_FAILED), client.error());
    }

    @Test
    void failsWhenAPartsStreamIsNotANameAndEntries() {
        List<ScriptedRoute.Sent> parts = split("XREAD", "STREAMS", "{a}1", "{b}1", "0", "0");
        parts.get(0).answer(array(array(bulk("{a}1"))));
        parts.get(1).answer(RespValue.NULL);
        assertTrue(client.error().startsWith(Gather.MERGE_FAILED), client.error());
    }

    @Test
    void failsWhenAPartAnswersAStreamItWasNotAskedFor() {
        List<ScriptedRoute.Sent> parts = split("XREAD", "STREAMS", "{a}1", "{b}1", "0", "0");
        parts.get(0).answer(array(stream("{a}9", "1-0")));
        parts.get(1).answer(RespValue.NULL);
        assertTrue(client.error().startsWith(Gather.MERGE_FAILED), client.error());
    }

    @Test
    void streamsWithoutAnIdEachGetRedisErrorAndNothingIsSent() {
        ScriptedRoute route = new ScriptedRoute(Protocol.RESP2, new Address("10.0.0.1", 7000));
        RespCommand command = RespCommand.of("XREAD", "STREAMS", "{a}1", "{b}1", "0");
        XReadSplit.run(route, command, new int[] {2, 3}, client);
        assertEquals("ERR Unbalanced 'xread' list of streams: for each stream key an ID or '$' must be specified.",
                client.error());
        assertEquals(0, command.refCnt());
        assertEquals(List.of(), route.take());
    }
}
