package io.rkproxy.core.session;

/**
 * The one place a session's {@link SessionState} lives and changes. A move the state table does not allow is a bug,
 * and fails loudly. Used only from the session's event loop.
 */
final class SessionStatus {

    private final long sessionId;
    private SessionState state = SessionState.UNAUTHENTICATED;

    SessionStatus(long sessionId) {
        this.sessionId = sessionId;
    }

    SessionState get() {
        return state;
    }

    void transitionTo(SessionState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("session " + sessionId + ": " + state + " cannot move to " + next);
        }
        state = next;
    }

    /** Ends {@code step} (a walk, a delayed AUTH) unless the session closed meanwhile. */
    void finish(SessionState step, boolean authenticated) {
        if (state == step) {
            transitionTo(authenticated ? SessionState.READY : SessionState.UNAUTHENTICATED);
        }
    }

    /** Starts closing, unless the session already is. */
    void closing() {
        if (!state.closing()) {
            transitionTo(SessionState.CLOSING);
        }
    }
}
