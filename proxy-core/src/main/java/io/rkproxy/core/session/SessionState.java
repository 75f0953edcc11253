package io.rkproxy.core.session;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a client connection is in its life. One value at a time, changed only through
 * {@link SessionStatus#transitionTo}, which refuses a move this table does not allow (as Kafka's consumer
 * {@code MemberState} does).
 */
enum SessionState {

    /** Only AUTH, HELLO, QUIT and RESET run; everything else gets NOAUTH. */
    UNAUTHENTICATED,
    /** An AUTH the proxy delays (after failed attempts) waits on a timer; later commands wait behind it. */
    AUTHENTICATING,
    /** Bound to a tenant: commands run. */
    READY,
    /** A command the proxy answers in several backend steps (a key-prefixed DBSIZE, FLUSHDB) runs; later ones wait. */
    WALKING,
    /** The last reply is queued and the connection closes after it; commands are ignored. */
    CLOSING,
    CLOSED;

    static {
        UNAUTHENTICATED.next = EnumSet.of(AUTHENTICATING, READY, CLOSING, CLOSED);
        AUTHENTICATING.next = EnumSet.of(READY, UNAUTHENTICATED, CLOSING, CLOSED);
        READY.next = EnumSet.of(READY, AUTHENTICATING, WALKING, UNAUTHENTICATED, CLOSING, CLOSED);
        WALKING.next = EnumSet.of(READY, CLOSING, CLOSED);
        CLOSING.next = EnumSet.of(CLOSED);
        CLOSED.next = EnumSet.noneOf(SessionState.class);
    }

    private Set<SessionState> next;

    boolean canMoveTo(SessionState target) {
        return next.contains(target);
    }

    /** Whether a new command runs now rather than waits for the step in progress. */
    boolean acceptsCommands() {
        return this == UNAUTHENTICATED || this == READY;
    }

    boolean closing() {
        return this == CLOSING || this == CLOSED;
    }
}
