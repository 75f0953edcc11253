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
import org.junit.jupiter.api.Test;

class CrossSlotSetsTest {

    private static final String A = "t1:{a}s";
    private static final String B = "t1:{b}s";

    private final ScriptedRoute route = new ScriptedRoute(Protocol.RESP2, new Address("10.0.0.1", 7000));
    private final RecordedReply client = new RecordedReply();

    private static int slot(String key) {
        return SlotHash.slot(key.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs a client's command whose keys are at {@code keys}; returns the DUMPs it sent. */
    private List<ScriptedRoute.Sent> run(int[] keys, String... args) {
        RespCommand command = RespCommand.of(args);
        CrossSlotSets.run(route, command, keys, client);
        return route.take();
    }

    /** SUNION of A and B, with both keys dumped; returns what followed the DUMPs. */
    private List<ScriptedRoute.Sent> sunionDumped() {
        List<ScriptedRoute.Sent> dumps = run(new int[] {1, 2}, "SUNION", A, B);
        dumps.get(1).answer(bulk("dump-b"));
        dumps.get(0).answer(bulk("dump-a"));
        return route.take();
    }

    /** The temporary keys the copies went under, from the RESTOREs among {@code sent}. */
    private static List<String> temps(List<ScriptedRoute.Sent> sent) {
        return sent.stream().filter(s -> s.command().startsWith("RESTORE "))
                .map(s -> s.command().split(" ")[1]).toList();
    }

    @Test
    void handlesTheSetCommandsThatOnlyRead() {
        for (String name : List.of("SINTER", "SUNION", "SDIFF", "ZUNION", "ZINTER", "ZDIFF", "PFCOUNT")) {
            assertTrue(Commands.test(CrossSlotSets::handles, name, "k"), name);
        }
        for (String name : List.of("SINTERSTORE", "ZUNIONSTORE", "PFMERGE", "MGET")) {
            assertFalse(Commands.test(CrossSlotSets::handles, name, "k"), name);
        }
    }

    @Test
    void dumpsEachKeyFromItsOwnSlot() {
        List<ScriptedRoute.Sent> dumps = run(new int[] {1, 2}, "SUNION", A, B);
        assertEquals(List.of("slot " + slot(A) + ": DUMP " + A, "slot " + slot(B) + ": DUMP " + B),
                ScriptedRoute.lines(dumps));
        assertEquals(List.of(), route.take(), "nothing more before every DUMP is answered");
        dumps.forEach(dump -> dump.answer(error("ERR gone")));
        assertEquals("ERR gone", client.error());
    }

    @Test
    void runsTheCommandOnCopiesUnderOneHashTagInTheTenantsPrefixThenUnlinksThem() {
        List<ScriptedRoute.Sent> sent = sunionDumped();
        List<String> temps = temps(sent);
        String t0 = temps.get(0);
        String t1 = temps.get(1);
        assertTrue(t0.startsWith(ScriptedRoute.KEY_PREFIX + "{rkproxy-tmp-"), t0);
        String to = "slot " + slot(t0) + ": ";
        assertEquals(List.of(to + "RESTORE " + t0 + " 60000 dump-a", to + "RESTORE " + t1 + " 60000 dump-b",
                to + "SUNION " + t0 + " " + t1, to + "UNLINK " + t0 + " " + t1), ScriptedRoute.lines(sent));
        sent.get(0).answer(OK);
        sent.get(1).answer(OK);
        sent.get(2).answer(array(bulk("x"), bulk("y")));
        assertEquals(array(bulk("x"), bulk("y")), client.value());
    }

    @Test
    void theCommandsOtherArgumentsKeepTheirPlaces() {
        List<ScriptedRoute.Sent> dumps = run(new int[] {2, 3}, "ZUNION", "2", A, B, "WEIGHTS", "1", "2",
                "WITHSCORES");
        dumps.forEach(dump -> dump.answer(bulk("dump")));
        List<ScriptedRoute.Sent> sent = route.take();
        List<String> temps = temps(sent);
        assertEquals("ZUNION 2 " + temps.get(0) + " " + temps.get(1) + " WEIGHTS 1 2 WITHSCORES",
                sent.get(2).command());
    }

    @Test
    void aMissingKeyIsNotCopiedSoItCountsAsEmpty() {
        List<ScriptedRoute.Sent> dumps = run(new int[] {1, 2}, "SINTER", A, B);
        dumps.get(0).answer(RespValue.NULL);
        dumps.get(1).answer(bulk("dump-b"));
        List<ScriptedRoute.Sent> sent = route.take();
        assertEquals(List.of("RESTORE", "SINTER", "UNLINK"),
                sent.stream().map(s -> s.command().split(" ")[0]).toList());
        assertTrue(sent.get(0).command().endsWith("1 60000 dump-b"), sent.get(0).command());
    }

    @Test
    void aFailedDumpFailsTheCommandAndNothingMoreIsSent() {
        List<ScriptedRoute.Sent> dumps = run(new int[] {1, 2}, "SUNION", A, B);
        dumps.get(0).fail("ERR backend pool 'big' is unavailable: connection lost");
        dumps.get(1).answer(bulk("dump-b"));
        assertEquals("ERR backend pool 'big' is unavailable: connection lost", client.error());
        assertEquals(List.of(), route.take());
    }

    @Test
    void aDumpAnsweredWithAnotherTypeFailsTheCommandRatherThanCountAsEmpty() {
        List<ScriptedRoute.Sent> dumps = run(new int[] {1, 2}, "SUNION", A, B);
        dumps.get(0).answer(integer(1));
        dumps.get(1).answer(bulk("dump-b"));
        assertEquals(CrossSlotSets.CANNOT_COPY, client.error());
        assertEquals(List.of(), route.take());
    }

    @Test
    void aFailedCopyFailsTheCommandAndTheCopiesAreStillUnlinked() {
        List<ScriptedRoute.Sent> sent = sunionDumped();
        assertTrue(sent.get(3).command().startsWith("UNLINK "));
        sent.get(0).answer(OK);
        sent.get(1).answer(error("ERR DUMP payload version or checksum are wrong"));
        sent.get(2).answer(array(bulk("x")));
        assertEquals(CrossSlotSets.CANNOT_COPY, client.error());
    }
}
