package io.rkproxy.core.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.command.CommandSpec;
import io.rkproxy.core.net.WriteBatcher;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.ClientReply;
import io.rkproxy.core.route.Replies;
import java.util.function.IntConsumer;

/**
 * The one owner of reply order for a session. Each command takes a slot when it arrives; whenever the head slots
 * are complete they are written, so replies leave in request order however the backends answer. The writes of one
 * event-loop turn leave in one flush.
 *
 * <p>The queue is a ring of slots. Each command gets a new slot, never one used before: a slot is handed to backend
 * callbacks, and a late or repeated completion of a written slot must find it done, not answer a later command.
 * Used only from the session's event loop.
 */
final class ReplyQueue implements Replies {

    private static final int INITIAL_SLOTS = 16;
    /** When the queue empties, a ring grown past this (by a deep pipeline) is given up for a small one. */
    private static final int MAX_KEPT_SLOTS = 256;

    private final Channel channel;
    private final WriteBatcher out;
    private final IntConsumer onWritten;
    private final Observer observer;
    private final IntConsumer onArrived;
    /** The slots in request order from {@code head}, {@code size} of them; a power of two long. */
    private Slot[] ring = new Slot[INITIAL_SLOTS];
    private int head;
    private int size;
    /** Replies that arrived and wait behind an earlier one, and their bytes. */
    private int held;
    private long heldBytes;
    private boolean closed;
    private RespCommand traced;
    private CommandSpec tracedSpec;
    private long tracedSince;
    /** CLIENT REPLY OFF: replies are dropped until ON. */
    private boolean repliesOff;
    /** CLIENT REPLY SKIP: the reply to the next command is dropped. */
    private boolean skipNext;

    /** Sees every reply as it leaves: what the session's meters and the slow log are fed from. */
    interface Observer {

        /**
         * A reply is about to be written. {@code command} is the command it answers when it was traced (retained
         * only for this call), else null; {@code spec} is that command's spec, null when there is none.
         */
        void replied(RespCommand command, CommandSpec spec, long arrivedNanos, ByteBuf reply);

        /** A pushed message is about to be written. */
        void pushed(ByteBuf message);

        /**
         * The replies and pushes written in this event-loop turn have all been seen: called once per turn that wrote
         * any, before they are flushed.
         */
        default void turnEnded() {
        }
    }

    /**
     * @param onWritten told how many replies each drain wrote
     * @param onArrived told the size of each reply as it arrives, once it is counted in {@link #bufferedBytes()}
     */
    ReplyQueue(Channel channel, IntConsumer onWritten, Observer observer, IntConsumer onArrived) {
        this.channel = channel;
        this.out = new WriteBatcher(channel, observer::turnEnded);
        this.onWritten = onWritten;
        this.observer = observer;
        this.onArrived = onArrived;
    }

    /**
     * The next slot reserved answers {@code command}, which arrived at {@code arrivedNanos}; its reply is observed
     * with it and its {@code spec} (null when the pool does not know it). Cleared by {@link #untrace()}.
     */
    void trace(RespCommand command, CommandSpec spec, long arrivedNanos) {
        traced = command;
        tracedSpec = spec;
        tracedSince = arrivedNanos;
    }

    void untrace() {
        traced = null;
    }

    /**
     * {@code CLIENT REPLY}: from the next reply on, commands get their replies (ON), none (OFF), or the next command
     * none (SKIP, ignored while OFF, as in Redis). A dropped reply is still counted and observed.
     */
    void clientReply(ClientReply mode) {
        switch (mode) {
            case ON -> {
                repliesOff = false;
                skipNext = false;
            }
            case OFF -> repliesOff = true;
            case SKIP -> skipNext = !repliesOff;
        }
    }

    /** A slot for a reply that will come later. */
    @Override
    public Slot reserve() {
        return take(false);
    }

    /** Queues a reply that is ready now; takes ownership of {@code reply}. */
    @Override
    public void add(ByteBuf reply) {
        reserve().onReply(reply);
    }

    /** Queues a final reply; the connection closes once it has been written. */
    void addFinal(ByteBuf reply) {
        take(true).onReply(reply);
    }

    private Slot take(boolean closeAfter) {
        if (closed) {
            return new Slot(); // never awaited: its reply is released
        }
        if (size == ring.length) {
            grow();
        }
        int i = (head + size) & (ring.length - 1);
        Slot slot = new Slot();
        ring[i] = slot;
        slot.awaiting = true;
        slot.closeAfter = closeAfter;
        if (traced != null) {
            // The command, not a copy: its arguments stay readable after it has been written to a backend.
            slot.command = traced.retain();
            slot.spec = tracedSpec;
            slot.arrivedNanos = tracedSince;
            traced = null;
            slot.dropped = repliesOff || skipNext;
            skipNext = false;
        }
        size++;
        return slot;
    }

    private void grow() {
        Slot[] larger = new Slot[ring.length * 2];
        for (int n = 0; n < size; n++) {
            larger[n] = ring[(head + n) & (ring.length - 1)];
        }
        ring = larger;
        head = 0;
    }

    /** Writes a pushed message now, outside the reply order (subscribed mode); takes ownership of it. */
    void push(ByteBuf message) {
        if (closed) {
            message.release();
        } else {
            observer.pushed(message);
            out.write(message);
        }
    }

    @Override
    public int pending() {
        return size;
    }

    /** Slots whose reply has not arrived yet. */
    int outstanding() {
        return size - held;
    }

    /** Reply and push bytes this session holds for its client: waiting behind earlier replies, or not yet sent. */
    long bufferedBytes() {
        return heldBytes + out.pendingBytes();
    }

    /** Releases every reply not yet written; later completions are released on arrival. */
    void close() {
        closed = true;
        for (int n = 0; n < size; n++) {
            ring[(head + n) & (ring.length - 1)].release();
        }
        size = 0;
        held = 0;
        heldBytes = 0;
    }

    private void drain() {
        int written = 0;
        Slot slot;
        while (size > 0 && (slot = ring[head]).reply != null) {
            // Take everything off the slot first: the writes below may reach code that reserves its place again.
            ByteBuf reply = slot.reply;
            RespCommand command = slot.command;
            CommandSpec spec = slot.spec;
            long arrivedNanos = slot.arrivedNanos;
            boolean closeAfter = slot.closeAfter;
            boolean dropped = slot.dropped;
            slot.reply = null;
            slot.command = null;
            slot.spec = null;
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            size--;
            written++;
            held--;
            heldBytes -= reply.readableBytes();
            observer.replied(command, spec, arrivedNanos, reply);
            if (command != null) {
                command.release();
            }
            if (closeAfter) {
                out.writeAndClose(reply);
                close();
                break;
            }
            if (dropped) {
                reply.release();
            } else {
                out.write(reply);
            }
        }
        if (size == 0 && ring.length > MAX_KEPT_SLOTS) {
            ring = new Slot[INITIAL_SLOTS];
            head = 0;
        }
        if (written > 0) {
            onWritten.accept(written);
        }
    }

    /** A place in the reply order. Completed exactly once, by a reply or an error. */
    final class Slot implements ReplyCallback {

        private boolean awaiting;
        private boolean closeAfter;
        /** The client asked not to get this reply (CLIENT REPLY). */
        private boolean dropped;
        private ByteBuf reply;
        private RespCommand command;
        private CommandSpec spec;
        private long arrivedNanos;

        private Slot() {
        }

        @Override
        public void onReply(ByteBuf frame) {
            if (closed || !awaiting) {
                frame.release();
                return;
            }
            awaiting = false;
            reply = frame;
            held++;
            heldBytes += frame.readableBytes();
            onArrived.accept(frame.readableBytes());
            if (ring[head] == this) {
                drain();
            }
        }

        @Override
        public void onError(String redisError) {
            onReply(RespReplies.error(channel.alloc(), redisError));
        }

        private void release() {
            awaiting = false;
            if (reply != null) {
                reply.release();
                reply = null;
            }
            if (command != null) {
                command.release();
                command = null;
            }
        }
    }
}
