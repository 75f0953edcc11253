package io.rkproxy.redis;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * What a shared connection sends again after a busy Redis refused it. While a script runs past the
 * busy-reply-threshold, Redis answers {@code -BUSY} and runs nothing, until the script ends or is killed
 * ({@link ScriptBudget}). Refused commands are held, with every command sent after them, and sent again in their order
 * once everything sent before the refusals has been answered; so no session sees BUSY for another tenant's script,
 * and nothing runs out of order. If a command sent after a refused one was run instead, the refused ones get their
 * BUSY error, since sending them again would run them after it. Used only from the connection's event loop.
 */
final class BusyReplay {

    static final String BUSY_ERROR = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN "
            + "NOSAVE.";
    /**
     * How often refused commands are sent again while Redis stays busy (the first time at once): the kill of a
     * script lands within a few milliseconds, and a tenant that runs scripts back to back sends its next one soon
     * after, which the refused commands must beat.
     */
    static final long BUSY_RETRY_MS = 1;
    /**
     * How long a connection whose script was killed for its time sends nothing more: the head start that lets the
     * commands the script kept waiting run before that connection's next script.
     */
    static final long AFTER_KILL_PAUSE_MS = 20;

    private final EventLoop loop;
    private final Consumer<HeldCommand> write;
    /** Commands refused with BUSY, in order, to be sent again. */
    private final ArrayDeque<HeldCommand> refused = new ArrayDeque<>();
    /** Commands sent while some are refused or the connection pauses: they wait behind them. */
    private final ArrayDeque<HeldCommand> held = new ArrayDeque<>();
    /** Replies still due for what was sent before the refused commands were; they go again once it is zero. */
    private int undecided;
    /** Times in a row refused commands were sent again and refused again. */
    private int retries;
    /** After a kill of one of its scripts, the connection holds what is sent for a moment. */
    private boolean pausedAfterKill;
    private boolean closed;

    /** @param write sends a command on the connection, as new */
    BusyReplay(EventLoop loop, Consumer<HeldCommand> write) {
        this.loop = loop;
        this.write = write;
    }

    /** Whether a new command must wait behind refused ones, or for the pause after a kill. */
    boolean holding() {
        return !refused.isEmpty() || pausedAfterKill;
    }

    /** True while refused commands wait to go again. */
    boolean refusing() {
        return !refused.isEmpty();
    }

    void hold(HeldCommand command) {
        held.add(command);
    }

    /**
     * A command was refused with BUSY.
     *
     * @param stillInFlight counts the replayable commands still in flight on the connection
     */
    void refused(HeldCommand command, IntSupplier stillInFlight) {
        undecided = refused.isEmpty() ? stillInFlight.getAsInt() : undecided - 1;
        refused.add(command);
        if (undecided == 0) {
            loop.schedule(this::sendRefusedAgain, retries++ == 0 ? 0 : BUSY_RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A command was answered. A replayable one that ran after refused ones were sent means those can no longer go
     * again in order.
     */
    void answered(boolean replayable) {
        retries = 0;
        if (replayable && !refused.isEmpty()) {
            failAll(refused, BUSY_ERROR);
            if (!pausedAfterKill) {
                writeHeld();
            }
        }
    }

    /** One of the connection's scripts was killed: what is sent next waits a moment. */
    void pauseAfterKill() {
        if (pausedAfterKill) {
            return;
        }
        pausedAfterKill = true;
        loop.schedule(() -> {
            pausedAfterKill = false;
            if (refused.isEmpty()) {
                writeHeld();
            }
        }, AFTER_KILL_PAUSE_MS, TimeUnit.MILLISECONDS);
    }

    /** The connection is gone: everything still held gets {@code reason}. */
    void close(String reason) {
        closed = true;
        for (ArrayDeque<HeldCommand> waiting : List.of(refused, held)) {
            failAll(waiting, reason);
        }
    }

    private void sendRefusedAgain() {
        if (closed || refused.isEmpty() || undecided != 0) {
            return;
        }
        HeldCommand c;
        while ((c = refused.poll()) != null) {
            write.accept(c);
        }
        if (!pausedAfterKill) {
            writeHeld();
        }
    }

    private void writeHeld() {
        HeldCommand c;
        while (!closed && (c = held.poll()) != null) {
            write.accept(c);
        }
    }

    private static void failAll(ArrayDeque<HeldCommand> commands, String redisError) {
        HeldCommand c;
        while ((c = commands.poll()) != null) {
            c.fail(redisError);
        }
    }
}
