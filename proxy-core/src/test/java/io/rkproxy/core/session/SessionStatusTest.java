package io.rkproxy.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SessionStatusTest {

    @Test
    void anIllegalMoveThrowsAndLeavesTheStateAsItWas() {
        SessionStatus status = new SessionStatus(7);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> status.transitionTo(SessionState.WALKING));
        assertEquals("session 7: UNAUTHENTICATED cannot move to WALKING", e.getMessage());
        assertEquals(SessionState.UNAUTHENTICATED, status.get());
    }

    @Test
    void finishingAStepGoesBackToWhereTheAuthenticationLeftTheSession() {
        SessionStatus status = new SessionStatus(1);
        status.transitionTo(SessionState.READY);
        status.transitionTo(SessionState.WALKING);
        status.finish(SessionState.WALKING, true);
        assertEquals(SessionState.READY, status.get());

        status.transitionTo(SessionState.AUTHENTICATING);
        status.finish(SessionState.AUTHENTICATING, false);
        assertEquals(SessionState.UNAUTHENTICATED, status.get());
    }

    @Test
    void aStepThatEndsAfterTheSessionStartedClosingLeavesItClosing() {
        SessionStatus status = new SessionStatus(1);
        status.transitionTo(SessionState.READY);
        status.transitionTo(SessionState.WALKING);
        status.closing();
        status.finish(SessionState.WALKING, true);
        assertEquals(SessionState.CLOSING, status.get());
    }

    @Test
    void closingTwiceIsClosingOnce() {
        SessionStatus status = new SessionStatus(1);
        status.closing();
        status.closing();
        status.transitionTo(SessionState.CLOSED);
        status.closing();
        assertEquals(SessionState.CLOSED, status.get());
    }
}
