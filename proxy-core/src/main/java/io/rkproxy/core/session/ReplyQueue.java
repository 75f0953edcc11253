package io.rkproxy.core.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.net.WriteBatcher;
import io.rkproxy.core.resp.RespCommand;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.route.Replies;
import java.util.ArrayDeque;
import java.util.function.IntConsumer;

/**
 * The one owner of reply order for a session. Each command takes a slot when it arrives; whenever the head slots
 * are complete they are written, so replies leave in request order however the backends answer. The writes of one
 * event-loop turn leave in one flush.
 * Used only from the session's event loop.
 */
final class ReplyQueue implements Replies {

    private final Channel channel;
    private final WriteBatcher out;
    private final IntConsumer onWritten;
    private final Observer observer;
    private final IntConsumer onArrived;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    /** Replies that arrived and wait behind an earlier one, and their bytes. */
    private int held;
    private long heldBytes;
    private boolean closed;
    private RespCommand traced;
    private long tracedSince;

    /** Sees every reply as it leaves: what the session's meters and the slow log are fed from. */
    interface Observer {

        /**
         * A reply is about to be written. {@code command} is the command it answers when it was traced (retained
         * only for this call), else null.
         */
        void replied(RespCommand command, long arrivedNanos, ByteBuf reply);

        /** A pushed message is about to be written. */
        void pushed(ByteBuf message);
    }

    /**
     * @param onWritten told how many replies each drain wrote
     * @param onArrived told the size of each reply as it arrives, once it is counted in {@link #bufferedBytes()}
     */
    ReplyQueue(Channel channel, IntConsumer onWritten, Observer observer, IntConsumer onArrived) {
        this.channel = channel;
        this.out = new WriteBatcher(channel);
        this.onWritten = onWritten;
        this.observer = observer;
        this.onArrived = onArrived;
    }

    /**
     * The next slot reserved answers {@code command}, which arrived at {@code arrivedNanos}; its reply is observed
     * with it. Cleared by {@link #untrace()}.
     */
    void trace(RespCommand command, long arrivedNanos) {
        traced = command;
        tracedSince = arrivedNanos;
    }

    void untrace() {
        traced = null;
    }

    /** A slot for a reply that will come later. */
    @Override
    public Slot reserve() {
        Slot slot = new Slot(false);
        if (traced != null) {
            slot.command = traced.retainedView();
            slot.arrivedNanos = tracedSince;
            traced = null;
        }
        slots.add(slot);
        return slot;
    }

    /** Queues a reply that is ready now; takes ownership of {@code reply}. */
    @Override
    public void add(ByteBuf reply) {
        reserve().onReply(reply);
    }

    /** Queues a final reply; the connection closes once it has been written. */
    void addFinal(ByteBuf reply) {
        Slot slot = new Slot(true);
        slots.add(slot);
        slot.onReply(reply);
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
        return slots.size();
    }

    /** Slots whose reply has not arrived yet. */
    int outstanding() {
        return slots.size() - held;
    }

    /** Reply and push bytes this session holds for its client: waiting behind earlier replies, or not yet sent. */
    long bufferedBytes() {
        return heldBytes + out.pendingBytes();
    }

    /** Releases every reply not yet written; later completions are released on arrival. */
    void close() {
        closed = true;
        for (Slot slot : slots) {
            slot.release();
        }
        slots.clear();
        held = 0;
        heldBytes = 0;
    }

    private void drain() {
        int written = 0;
        Slot head;
        while ((head = slots.peek()) != null && head.reply != null) {
            slots.poll();
            written++;
            ByteBuf reply = head.reply;
            head.reply = null;
            held--;
            heldBytes -= reply.readableBytes();
            observer.replied(head.command, head.arrivedNanos, reply);
            head.releaseCommand();
            if (head.closeAfter) {
                out.writeAndClose(reply);
                close();
                break;
            }
            out.write(reply);
        }
        if (written > 0) {
            onWritten.accept(written);
        }
    }

    /** A place in the reply order. Completed exactly once, by a reply or an error. */
    final class Slot implements ReplyCallback {

        private final boolean closeAfter;
        private ByteBuf reply;
        private RespCommand command;
        private long arrivedNanos;

        private Slot(boolean closeAfter) {
            this.closeAfter = closeAfter;
        }

        @Override
        public void onReply(ByteBuf frame) {
            if (closed) {
                frame.release();
                return;
            }
            reply = frame;
            held++;
            heldBytes += frame.readableBytes();
            onArrived.accept(frame.readableBytes());
            if (slots.peek() == this) {
                drain();
            }
        }

        @Override
        public void onError(String redisError) {
            onReply(RespReplies.error(channel.alloc(), redisError));
        }

        private void release() {
            if (reply != null) {
                reply.release();
                reply = null;
            }
            releaseCommand();
        }

        private void releaseCommand() {
            if (command != null) {
                command.release();
                command = null;
            }
        }
    }
}
