package io.rkproxy.redis.cluster;

import static io.rkproxy.redis.RespValues.OK;
import static io.rkproxy.redis.RespValues.array;
import static io.rkproxy.redis.RespValues.bulk;
import static io.rkproxy.redis.RespValues.error;
import static io.rkproxy.redis.RespValues.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.redis.Commands;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.redis.RecordedReply;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutTest {

    private static final Address M1 = new Address("10.0.0.1", 7000);
    private static final Address M2 = new Address("10.0.0.2", 7000);
    private static final Address M3 = new Address("10.0.0.3", 7000);

    private final ScriptedRoute route = new ScriptedRoute(Protocol.RESP2, M1, M2, M3);
    private RecordedReply client = new RecordedReply();

    /** Sends a command to every master; returns the copies as sent, one per master in slot order. */
    private List<ScriptedRoute.Sent> fanOut(String... args) {
        RespCommand command = RespCommand.of(args);
        FanOut.run(route, route.table(), command, client);
        assertEquals(0, command.refCnt(), "each master's copy is released once sent, and nothing more");
        return route.take();
    }

    /** Sends a command to every master, answers each with its reply in turn, and gives the client's outcome. */
    private RecordedReply fanOutAnswered(List<String> command, RespValue... replies) {
        client = new RecordedReply();
        List<ScriptedRoute.Sent> copies = fanOut(command.toArray(String[]::new));
        for (int i = 0; i < replies.length; i++) {
            copies.get(i).answer(replies[i]);
        }
        return client;
    }

    @Test
    void handlesCommandsAboutTheWholeKeyspaceWhateverTheCaseOfTheirSubcommand() {
        for (List<String> command : List.of(List.of("KEYS", "*"), List.of("dbsize"), List.of("FLUSHDB"),
                List.of("SCRIPT", "load", "return 1"), List.of("SCRIPT", "Flush"), List.of("FUNCTION", "load", "x"),
                List.of("PUBSUB", "NumSub", "c"), List.of("RANDOMKEY"))) {
            assertTrue(Commands.test(FanOut::handles, command.toArray(String[]::new)), command.toString());
        }
        for (List<String> command : List.of(List.of("GET", "k"), List.of("SCRIPT", "KILL"), List.of("PUBSUB"))) {
            assertFalse(Commands.test(FanOut::handles, command.toArray(String[]::new)), command.toString());
        }
    }

    @Test
    void whatCoversEveryMasterIsTheFanOutsAndScanAndTheirErrorInsideMultiNamesTheCommand() {
        for (List<String> command : List.of(List.of("KEYS", "*"), List.of("SCAN", "0"), List.of("DBSIZE"),
                List.of("FLUSHDB"), List.of("RANDOMKEY"), List.of("SCRIPT", "LOAD", "return 1"))) {
            assertTrue(Commands.test(FanOut::coversEveryMaster, command.toArray(String[]::new)), command.toString());
        }
        for (List<String> command : List.of(List.of("GET", "k"), List.of("SSCAN", "k", "0"), List.of("PING"))) {
            assertFalse(Commands.test(FanOut::coversEveryMaster, command.toArray(String[]::new)),
                    command.toString());
        }
        RespCommand keys = RespCommand.of("KEYS", "*");
        assertTrue(FanOut.notInTransaction(keys).startsWith("CROSSSLOT 'keys' covers every master"),
                FanOut.notInTransaction(keys));
        keys.release();
    }

    @Test
    void keysGoesToEveryMasterOverTheKeyspaceConnectionsAndListsThemInSlotOrder() {
        List<ScriptedRoute.Sent> copies = fanOut("KEYS", "t1:*");
        assertEquals(List.of("keyspace " + M1 + ": KEYS t1:*", "keyspace " + M2 + ": KEYS t1:*",
                "keyspace " + M3 + ": KEYS t1:*"), ScriptedRoute.lines(copies));
        copies.get(2).answer(array(bulk("c")));
        copies.get(0).answer(array(bulk("a1"), bulk("a2")));
        assertFalse(client.answered());
        copies.get(1).answer(array());
        assertEquals(array(bulk("a1"), bulk("a2"), bulk("c")), client.value());
    }

    @Test
    void dbsizeSumsTheMasters() {
        assertEquals(integer(6), fanOutAnswered(List.of("DBSIZE"), integer(1), integer(2), integer(3)).value());
    }

    @Test
    void flushdbGoesOverTheTenantsConnectionsAndSucceedsOnlyWhereEveryMasterDid() {
        assertEquals(List.of(M1 + ": FLUSHDB", M2 + ": FLUSHDB", M3 + ": FLUSHDB"),
                ScriptedRoute.lines(fanOut("FLUSHDB")));
        assertEquals(OK, fanOutAnswered(List.of("FLUSHDB"), OK, OK, OK).value());
        assertEquals("READONLY You can't write against a read only replica.",
                fanOutAnswered(List.of("FLUSHDB"), OK, error("READONLY You can't write against a read only replica."),
                        OK).error());
    }

    @Test
    void scriptExistsSaysYesOnlyForAScriptEveryMasterHas() {
        assertEquals(array(integer(1), integer(0), integer(0)), fanOutAnswered(List.of("SCRIPT", "EXISTS", "x", "y",
                "z"), array(integer(1), integer(1), integer(0)), array(integer(1), integer(0), integer(0)),
                array(integer(1), integer(1), integer(1))).value());
    }

    @Test
    void randomkeyPicksAMastersKeyAndIsNilOnlyWhenNoMasterHasOne() {
        assertEquals(bulk("k2"), fanOutAnswered(List.of("RANDOMKEY"), RespValue.NULL, bulk("k2"), RespValue.NULL)
                .value());
        assertEquals(RespValue.NULL, fanOutAnswered(List.of("RANDOMKEY"), RespValue.NULL, RespValue.NULL,
                RespValue.NULL).value());
    }

    @Test
    void pubsubChannelsListsEachChannelOnce() {
        assertEquals(array(bulk("a"), bulk("b"), bulk("c")), fanOutAnswered(List.of("PUBSUB", "CHANNELS"),
                array(bulk("a"), bulk("b")), array(bulk("b"), bulk("c")), array()).value());
    }

    @Test
    void pubsubNumsubSumsEachChannelsSubscribers() {
        assertEquals(array(bulk("a"), integer(4), bulk("b"), integer(2)), fanOutAnswered(
                List.of("PUBSUB", "NUMSUB", "a", "b"), array(bulk("a"), integer(1), bulk("b"), integer(2)),
                array(bulk("a"), integer(3), bulk("b"), integer(0)), array(bulk("a"), integer(0), bulk("b"),
                        integer(0))).value());
    }

    @Test
    void aMasterAnsweringWithAnotherTypeFailsTheMerge() {
        String error = fanOutAnswered(List.of("DBSIZE"), integer(1), bulk("2"), integer(3)).error();
        assertTrue(error.startsWith(Gather.MERGE_FAILED), error);
    }

    @Test
    void functionListGivesEachLibraryOnceThoughMastersListItsFunctionsInTheirOwnOrder() {
        RespValue f = array(bulk("name"), bulk("f"), bulk("description"), RespValue.NULL, bulk("flags"), array());
        RespValue g = array(bulk("name"), bulk("g"), bulk("description"), RespValue.NULL, bulk("flags"), array());
        RespValue fg = array(bulk("library_name"), bulk("lib"), bulk("engine"), bulk("LUA"), bulk("functions"),
                array(f, g));
        RespValue gf = array(bulk("library_name"), bulk("lib"), bulk("engine"), bulk("LUA"), bulk("functions"),
                array(g, f));
        RecordedReply reply = fanOutAnswered(List.of("FUNCTION", "LIST"), array(fg), array(gf), array(fg));
        assertEquals(array(fg), reply.value());
    }
}
