package io.rkproxy.core.session;

import io.rkproxy.core.net.ReadThrottle;
import io.rkproxy.core.resp.RespCommand;
import java.util.ArrayDeque;

/**
 * Keeps a session's commands in order when one must wait: for earlier replies, for a step in progress, for the
 * client to read what it already has, or for its tenant's CLIENT PAUSE to end. A waiting command holds back every
 * later one, and reading from the client stops until the queue is empty again. Used only from the session's event
 * loop.
 */
final class CommandGate {

    /** What {@link Dispatcher#dispatch} did with a command. */
    enum Dispatch {
        DONE,
        /** Waits, not yet counted against the tenant's limits. */
        WAIT,
        /** Waits, already counted against the tenant's limits. */
        WAIT_ADMITTED
    }

    interface Dispatcher {
        /** Runs a command, or says it must wait; does not take ownership of it. */
        Dispatch dispatch(RespCommand command, boolean admitted);
    }

    private record Parked(RespCommand command, boolean admitted) {
    }

    private final ArrayDeque<Parked> parked = new ArrayDeque<>();
    private final Dispatcher dispatcher;
    private final OutputGuard output;
    private final ReadThrottle throttle;
    /** Set while {@link #resume} runs: a parked command answered at once calls back in, and must leave it the loop. */
    private boolean resuming;
    /** The first parked command waits for the client to read (OutputGuard), not for earlier replies. */
    private boolean waitingForOutput;

    CommandGate(Dispatcher dispatcher, OutputGuard output, ReadThrottle throttle) {
        this.dispatcher = dispatcher;
        this.output = output;
        this.throttle = throttle;
    }

    /** A new command from the client; does not take ownership of it. */
    void offer(RespCommand command) {
        if (!parked.isEmpty()) {
            park(command, false);
        } else if (!output.admit()) {
            waitingForOutput = true;
            park(command, false);
        } else {
            Dispatch done = dispatcher.dispatch(command, false);
            if (done != Dispatch.DONE) {
                park(command, done == Dispatch.WAIT_ADMITTED);
            }
        }
    }

    boolean holdsCommands() {
        return !parked.isEmpty();
    }

    /** Replies were written: waiting commands may run once none is outstanding, or once the client reads again. */
    void repliesWritten(boolean noneOutstanding) {
        if (!parked.isEmpty() && (noneOutstanding || waitingForOutput)) {
            resume();
        }
    }

    /** The client reads again. */
    void clientWritable() {
        if (waitingForOutput) {
            resume();
        }
    }

    /** The pause that held the first parked command ended. */
    void pauseEnded() {
        if (!parked.isEmpty()) {
            resume();
        }
    }

    /** Runs parked commands, in order, for as long as none has to wait again. */
    private void resume() {
        if (resuming) {
            return;
        }
        resuming = true;
        try {
            Parked next;
            while ((next = parked.peek()) != null) {
                waitingForOutput = !output.admit();
                if (waitingForOutput) {
                    return;
                }
                Dispatch done = dispatcher.dispatch(next.command(), next.admitted());
                if (done != Dispatch.DONE) {
                    if (done == Dispatch.WAIT_ADMITTED && !next.admitted()) {
                        parked.poll();
                        parked.addFirst(new Parked(next.command(), true));
                    }
                    return;
                }
                parked.poll().command().release();
            }
            throttle.release(ReadThrottle.PARKED);
        } finally {
            resuming = false;
        }
    }

    private void park(RespCommand command, boolean admitted) {
        parked.add(new Parked(command.retain(), admitted));
        throttle.hold(ReadThrottle.PARKED);
    }

    /** The session is gone: waiting commands are dropped. */
    void close() {
        parked.forEach(p -> p.command().release());
        parked.clear();
    }
}
