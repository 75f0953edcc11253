package io.rkproxy.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SessionStateTest {

    @Test
    void everyStateButClosedCanClose() {
        for (SessionState s : SessionState.values()) {
            assertEquals(s != SessionState.CLOSED, s.canMoveTo(SessionState.CLOSED), s::toString);
        }
    }

    @Test
    void closedIsFinalAndClosingOnlyEndsInClosed() {
        for (SessionState target : SessionState.values()) {
            assertFalse(SessionState.CLOSED.canMoveTo(target), target::toString);
            assertEquals(target == SessionState.CLOSED, SessionState.CLOSING.canMoveTo(target), target::toString);
        }
    }

    @Test
    void onlyAnAuthenticatedSessionWalksTheKeyspace() {
        EnumSet<SessionState> walkFrom = EnumSet.noneOf(SessionState.class);
        for (SessionState s : SessionState.values()) {
            if (s.canMoveTo(SessionState.WALKING)) {
                walkFrom.add(s);
            }
        }
        assertEquals(EnumSet.of(SessionState.READY), walkFrom);
        assertFalse(SessionState.WALKING.canMoveTo(SessionState.AUTHENTICATING), "no AUTH runs during a walk");
        assertFalse(SessionState.UNAUTHENTICATED.canMoveTo(SessionState.WALKING));
    }

    @Test
    void aDelayedAuthEndsAuthenticatedOrNot() {
        assertTrue(SessionState.UNAUTHENTICATED.canMoveTo(SessionState.AUTHENTICATING));
        assertTrue(SessionState.READY.canMoveTo(SessionState.AUTHENTICATING), "a second AUTH is delayed too");
        assertTrue(SessionState.AUTHENTICATING.canMoveTo(SessionState.READY));
        assertTrue(SessionState.AUTHENTICATING.canMoveTo(SessionState.UNAUTHENTICATED));
        assertFalse(SessionState.AUTHENTICATING.canMoveTo(SessionState.AUTHENTICATING));
    }

    @Test
    void commandsRunOnlyWhenNoStepIsInProgress() {
        EnumSet<SessionState> running = EnumSet.noneOf(SessionState.class);
        for (SessionState s : SessionState.values()) {
            if (s.acceptsCommands()) {
                running.add(s);
            }
        }
        assertEquals(EnumSet.of(SessionState.UNAUTHENTICATED, SessionState.READY), running);
    }
}
