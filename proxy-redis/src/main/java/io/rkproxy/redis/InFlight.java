package io.rkproxy.redis;

import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.resp.RespCommand;

/**
 * The commands a backend connection has sent and not had answered, oldest first, in a ring of parallel arrays, so
 * that sending a command allocates nothing. An entry is the callback its reply goes to and when it was sent; on a
 * shared connection also the command, retained, and where its bytes start, so that it can be sent again.
 *
 * <p>Entries are read by index, from {@link #oldest()} or {@link #newest()}; an index is valid until the next
 * change. Used only from the connection's event loop.
 */
final class InFlight {

    private static final int INITIAL_CAPACITY = 16;
    /** When the ring empties, one grown past this is given up for a small one. */
    private static final int MAX_KEPT_CAPACITY = 1024;

    private ReplyCallback[] callbacks;
    private RespCommand[] commands;
    private long[] sentAtNanos;
    private int[] starts;
    private int head;
    private int size;

    InFlight() {
        allocate(INITIAL_CAPACITY);
    }

    /** @param command null for a command that is never sent again */
    void add(ReplyCallback callback, long sentAtNanos, RespCommand command, int start) {
        if (size == callbacks.length) {
            grow();
        }
        int i = (head + size) & (callbacks.length - 1);
        callbacks[i] = callback;
        commands[i] = command;
        this.sentAtNanos[i] = sentAtNanos;
        starts[i] = start;
        size++;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int oldest() {
        return head;
    }

    int newest() {
        return (head + size - 1) & (callbacks.length - 1);
    }

    ReplyCallback callback(int i) {
        return callbacks[i];
    }

    RespCommand command(int i) {
        return commands[i];
    }

    long sentAtNanos(int i) {
        return sentAtNanos[i];
    }

    int start(int i) {
        return starts[i];
    }

    /** Entries that keep their command. */
    int commands() {
        int n = 0;
        for (int k = 0; k < size; k++) {
            if (commands[(head + k) & (callbacks.length - 1)] != null) {
                n++;
            }
        }
        return n;
    }

    /** Drops the oldest entry, without releasing its command. */
    void removeOldest() {
        clear(head);
        head = (head + 1) & (callbacks.length - 1);
        size--;
        shrinkIfEmpty();
    }

    /** Drops the newest entry, without releasing its command. */
    void removeNewest() {
        clear(newest());
        size--;
        shrinkIfEmpty();
    }

    private void clear(int i) {
        callbacks[i] = null;
        commands[i] = null;
    }

    private void shrinkIfEmpty() {
        if (size == 0 && callbacks.length > MAX_KEPT_CAPACITY) {
            allocate(INITIAL_CAPACITY);
            head = 0;
        }
    }

    private void grow() {
        ReplyCallback[] oldCallbacks = callbacks;
        RespCommand[] oldCommands = commands;
        long[] oldSentAt = sentAtNanos;
        int[] oldStarts = starts;
        int mask = oldCallbacks.length - 1;
        allocate(oldCallbacks.length * 2);
        for (int k = 0; k < size; k++) {
            int from = (head + k) & mask;
            callbacks[k] = oldCallbacks[from];
            commands[k] = oldCommands[from];
            sentAtNanos[k] = oldSentAt[from];
            starts[k] = oldStarts[from];
        }
        head = 0;
    }

    private void allocate(int capacity) {
        callbacks = new ReplyCallback[capacity];
        commands = new RespCommand[capacity];
        sentAtNanos = new long[capacity];
        starts = new int[capacity];
    }
}
