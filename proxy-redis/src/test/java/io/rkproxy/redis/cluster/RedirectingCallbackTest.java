package io.rkproxy.redis.cluster;

import static io.rkproxy.redis.RespValues.OK;
import static io.rkproxy.redis.RespValues.bulk;
import static io.rkproxy.redis.RespValues.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.command.SlotHash;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.redis.RecordedReply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedirectingCallbackTest {

    private static final int SLOT = SlotHash.slot("k".getBytes(StandardCharsets.UTF_8));
    private static final Address FIRST = new Address("10.0.0.1", 7000);
    private static final Address OTHER = new Address("10.0.0.2", 7000);
    private static final Address TARGET = new Address("10.0.0.9", 7001);
    private static final String TRYAGAIN = "TRYAGAIN Multiple keys request during rehashing of slot";

    private final ScriptedRoute route = new ScriptedRoute(Protocol.RESP2, FIRST, OTHER);
    private final RecordedReply client = new RecordedReply();
    private final RespCommand command = RespCommand.of("GET", "k");

    /** Sends {@code GET k} to its slot's master as {@link ClusterLink} does, redirections followed; returns it. */
    private ScriptedRoute.Sent send() {
        Address owner = route.masterOf(SLOT).orElseThrow();
        route.sendTo(owner, command, new RedirectingCallback(route, SLOT, owner, command.retain(), client));
        return route.take().get(0);
    }

    private static String redirect(String kind, Address target) {
        return kind + " " + SLOT + " " + target;
    }

    /** Answers {@code sent} with the error reply {@code errorReply}; returns what that sent in turn. */
    private List<ScriptedRoute.Sent> answer(ScriptedRoute.Sent sent, String errorReply) {
        sent.answer(error(errorReply));
        return route.take();
    }

    @Test
    void repliesThatAreNoRedirectionGoToTheClient() {
        send().answer(error("WRONGTYPE Operation against a key holding the wrong kind of value"));
        assertEquals(error("WRONGTYPE Operation against a key holding the wrong kind of value"), client.value());
        assertEquals(List.of(), route.take());
        assertEquals(0, command.refCnt(), "the command is released once answered");
    }

    @Test
    void movedRecordsTheSlotsNewMasterAndSendsTheCommandThere() {
        List<ScriptedRoute.Sent> resent = answer(send(), redirect("MOVED", TARGET));
        assertEquals(List.of(SLOT + " -> " + TARGET), route.moves);
        assertEquals(List.of(TARGET + ": GET k"), ScriptedRoute.lines(resent));
        resent.get(0).answer(bulk("v"));
        assertEquals(bulk("v"), client.value());
        assertEquals(0, command.refCnt());
    }

    @Test
    void askSendsAskingThenTheCommandToTheTargetAndLeavesTheSlotMapAlone() {
        List<ScriptedRoute.Sent> resent = answer(send(), redirect("ASK", TARGET));
        assertEquals(List.of(TARGET + ": ASKING", TARGET + ": GET k"), ScriptedRoute.lines(resent));
        assertEquals(List.of(), route.moves);
        resent.get(0).answer(OK);
        assertFalse(client.answered(), "ASKING's reply is not the client's");
        resent.get(1).answer(bulk("v"));
        assertEquals(bulk("v"), client.value());
    }

    @Test
    void givesUpAfterTheRedirectionLimitNamingTheLastRedirection() {
        ScriptedRoute.Sent sent = send();
        for (int i = 0; i < RedirectingCallback.MAX_REDIRECTS; i++) {
            List<ScriptedRoute.Sent> resent = answer(sent, redirect("MOVED", i % 2 == 0 ? TARGET : FIRST));
            assertEquals(1, resent.size(), "redirection " + (i + 1) + " is followed");
            sent = resent.get(0);
        }
        assertEquals(List.of(), answer(sent, redirect("MOVED", TARGET)));
        assertEquals("ERR too many cluster redirections for slot " + SLOT + " (last: " + redirect("MOVED", TARGET)
                + ")", client.error());
        assertEquals(0, command.refCnt());
    }

    @Test
    void tryagainSendsAgainToTheSlotsMasterOfThatTimeAfterAPause() {
        route.channel.freezeTime();
        assertEquals(List.of(), answer(send(), TRYAGAIN));
        route.channel.advanceTimeBy(RedirectingCallback.TRYAGAIN_PAUSE_MS - 1, TimeUnit.MILLISECONDS);
        route.channel.runScheduledPendingTasks();
        assertEquals(List.of(), route.take());
        route.moved(SLOT, TARGET);
        route.channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        route.channel.runScheduledPendingTasks();
        List<ScriptedRoute.Sent> resent = route.take();
        assertEquals(List.of(TARGET + ": GET k"), ScriptedRoute.lines(resent));
        resent.get(0).answer(bulk("v"));
        assertEquals(0, command.refCnt());
    }

    @Test
    void tryagainRetriedForItsTimeBudgetGivesTheClientRedissOwnError() {
        route.channel.freezeTime();
        send().answer(error(TRYAGAIN));
        long elapsedMs = 0;
        while (!client.answered()) {
            route.channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
            route.channel.runScheduledPendingTasks();
            elapsedMs += 10;
            route.take().forEach(resent -> resent.answer(error(TRYAGAIN)));
        }
        assertEquals(TRYAGAIN, client.error());
        assertTrue(elapsedMs > RedirectingCallback.TRYAGAIN_BUDGET_MS - RedirectingCallback.TRYAGAIN_MAX_PAUSE_MS
                && elapsedMs <= RedirectingCallback.TRYAGAIN_BUDGET_MS, "retried for " + elapsedMs + " ms");
        assertEquals(0, command.refCnt());
    }

    @Test
    void tryagainsBehindAsksAreRetriedAsLongAsTheMigrationLastsNotCountedAsRedirections() {
        route.channel.freezeTime();
        ScriptedRoute.Sent sent = send();
        for (int i = 0; i <= RedirectingCallback.MAX_REDIRECTS; i++) {
            List<ScriptedRoute.Sent> asked = answer(sent, redirect("ASK", TARGET));
            asked.get(0).answer(OK);
            asked.get(1).answer(error(TRYAGAIN));
            route.channel.advanceTimeBy(RedirectingCallback.TRYAGAIN_MAX_PAUSE_MS, TimeUnit.MILLISECONDS);
            route.channel.runScheduledPendingTasks();
            sent = route.take().get(0);
        }
        sent.answer(OK);
        assertEquals(OK, client.value());
    }

    @Test
    void aConnectionFailureFailsTheCommandAndAsksForARefresh() {
        send().fail("ERR backend pool 'big' is unavailable: node " + FIRST + ": connection lost");
        assertEquals("ERR backend pool 'big' is unavailable: node " + FIRST + ": connection lost", client.error());
        assertEquals(1, route.refreshes);
        assertEquals(0, command.refCnt());
    }
}
