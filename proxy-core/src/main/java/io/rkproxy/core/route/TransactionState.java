package io.rkproxy.core.route;

import java.util.EnumSet;
import java.util.Set;

/**
 * A session's MULTI/WATCH state on its pinned backend connection, changed only through {@link #next} so that an
 * illegal move fails loudly instead of leaving the link pinned or released at the wrong time.
 */
enum TransactionState {

    NONE,
    /** WATCH ran outside MULTI: the pinned connection must stay until EXEC, DISCARD, UNWATCH or RESET. */
    WATCHING,
    /** Inside MULTI: the backend queues what follows. */
    QUEUING,
    /** Inside MULTI, after the proxy refused a queued command: EXEC answers EXECABORT, as in Redis. */
    DOOMED;

    static {
        NONE.allowed = EnumSet.of(NONE, WATCHING, QUEUING);
        WATCHING.allowed = EnumSet.of(NONE, WATCHING, QUEUING);
        QUEUING.allowed = EnumSet.of(NONE, QUEUING, DOOMED);
        DOOMED.allowed = EnumSet.of(NONE, DOOMED);
    }

    private Set<TransactionState> allowed;

    /** The state after a move to {@code target}; throws when the move is not allowed from here. */
    TransactionState next(TransactionState target) {
        if (!allowed.contains(target)) {
            throw new IllegalStateException("transaction state " + this + " cannot move to " + target);
        }
        return target;
    }

    boolean inMulti() {
        return this == QUEUING || this == DOOMED;
    }

    /** Whether the backend connection holds state that keeps the session pinned to it. */
    boolean holdsConnection() {
        return this != NONE;
    }
}
