package io.rkproxy.core.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.util.Arrays;

/**
 * Gathers the writes of one event-loop turn and flushes them once, at the end of the turn, so that the pipelined
 * commands or replies of a turn reach the kernel in one gathering write. Nothing is copied: each message leaves as
 * the buffer it came in, a slice of what was read, and a run of messages that lie next to each other in one read
 * buffer leaves as one slice of it.
 *
 * <p>Except when the peer is behind: when the channel still holds bytes the socket did not take at an earlier
 * flush, small messages are copied into compact buffers before they join them. A slice keeps the whole read buffer
 * it was cut from, so a client that does not read would otherwise hold a read buffer for every few bytes waiting
 * for it, and the output limits, which count bytes, would not bound the memory.
 *
 * <p>Netty's {@code FlushConsolidationHandler} does not fit: the writes to a channel come while another channel is
 * read (a backend's replies go to client channels, a client's commands to a backend channel), where it would need a
 * flush call per write and submit a task, with its future, per batch. Used only from the channel's event loop.
 */
public final class WriteBatcher {

    /** When the peer is behind, messages up to this size are copied; larger ones are written as they are. */
    static final int COPY_LIMIT = 4096;
    /** Gathered bytes past this are handed to the channel at once, unflushed, rather than held to the turn's end. */
    static final int BATCH_LIMIT = 64 * 1024;
    private static final int INITIAL_MESSAGES = 16;
    /** After a burst, an array of queued messages grown past this is given up for a small one. */
    private static final int MAX_KEPT_MESSAGES = 1024;
    private static final int INITIAL_COPY_CAPACITY = 4096;

    private final Channel channel;
    private final Runnable onFlush;
    private final Runnable flushTask = this::flush;
    private ByteBuf[] queued = new ByteBuf[INITIAL_MESSAGES];
    private int count;
    private long queuedBytes;
    private boolean flushScheduled;
    private boolean writing;

    public WriteBatcher(Channel channel) {
        this(channel, () -> { });
    }

    /** @param onFlush run before each flush: once per event-loop turn that wrote something, and before a close */
    public WriteBatcher(Channel channel, Runnable onFlush) {
        this.channel = channel;
        this.onFlush = onFlush;
    }

    /** Queues {@code message} for the flush at the end of this turn; takes ownership of it. */
    public void write(ByteBuf message) {
        if (count == queued.length) {
            queued = Arrays.copyOf(queued, count * 2);
        }
        queued[count++] = message;
        queuedBytes += message.readableBytes();
        if (queuedBytes >= BATCH_LIMIT) {
            writeQueued();
        }
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flushTask);
        }
    }

    /** Bytes written here that the socket has not taken yet: those queued for this turn and the channel's. */
    public long pendingBytes() {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return queuedBytes + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    }

    /**
     * Writes {@code message} after everything queued, flushes, then ends the connection so that the peer reads it
     * all before end of stream ({@link CleanClose}).
     */
    public void writeAndClose(ByteBuf message) {
        onFlush.run();
        writeQueued();
        channel.writeAndFlush(message);
        CleanClose.start(channel);
    }

    /** Writes and flushes everything queued now. */
    public void flush() {
        flushScheduled = false;
        onFlush.run();
        writeQueued();
        channel.flush();
    }

    private void writeQueued() {
        if (writing) {
            // A write below reached code that wrote here again: the loop running goes on to that message.
            return;
        }
        writing = true;
        try {
            if (isBehind()) {
                writeCompacted();
            } else {
                writeJoined();
            }
        } finally {
            writing = false;
        }
        Arrays.fill(queued, 0, count, null);
        count = 0;
        queuedBytes = 0;
        if (queued.length > MAX_KEPT_MESSAGES) {
            queued = new ByteBuf[INITIAL_MESSAGES];
        }
    }

    /**
     * Writes the queued messages as they are, except that a run of messages that lie next to each other in one
     * buffer (a client's pipelined commands, the replies a backend sent one client in a row) leaves as one slice of
     * that buffer: one channel write instead of one per message, and still no copy.
     */
    private void writeJoined() {
        int runStart = 0;
        for (int i = 1; i <= count; i++) {
            if (i < count && follows(queued[i - 1], queued[i])) {
                continue;
            }
            if (i - runStart == 1) {
                channel.write(queued[runStart], channel.voidPromise());
            } else {
                channel.write(joined(runStart, i), channel.voidPromise());
            }
            runStart = i;
        }
    }

    /** One slice over the queued messages {@code from} to {@code to} (exclusive), which it releases. */
    private ByteBuf joined(int from, int to) {
        ByteBuf first = queued[from];
        ByteBuf last = queued[to - 1];
        ByteBuf buffer = first.unwrap();
        long start = first.memoryAddress() + first.readerIndex();
        ByteBuf run = buffer.retainedSlice((int) (start - buffer.memoryAddress()),
                (int) (last.memoryAddress() + last.writerIndex() - start));
        for (int i = from; i < to; i++) {
            queued[i].release();
        }
        return run;
    }

    /** Whether {@code next}'s bytes start where {@code previous}'s end, both slices of one buffer. */
    private static boolean follows(ByteBuf previous, ByteBuf next) {
        ByteBuf buffer = previous.unwrap();
        return buffer != null && buffer == next.unwrap() && buffer.hasMemoryAddress() && previous.hasMemoryAddress()
                && next.hasMemoryAddress()
                && previous.memoryAddress() + previous.writerIndex() == next.memoryAddress() + next.readerIndex();
    }

    /** Writes the queued messages with the small ones copied together, in order. */
    private void writeCompacted() {
        ByteBuf gathered = null;
        for (int i = 0; i < count; i++) {
            ByteBuf message = queued[i];
            if (message.readableBytes() > COPY_LIMIT) {
                if (gathered != null) {
                    channel.write(gathered, channel.voidPromise());
                    gathered = null;
                }
                channel.write(message, channel.voidPromise());
                continue;
            }
            if (gathered == null) {
                gathered = channel.alloc().ioBuffer(Math.max(INITIAL_COPY_CAPACITY, message.readableBytes()));
            }
            gathered.writeBytes(message);
            message.release();
            if (gathered.readableBytes() >= BATCH_LIMIT) {
                channel.write(gathered, channel.voidPromise());
                gathered = null;
            }
        }
        if (gathered != null) {
            channel.write(gathered, channel.voidPromise());
        }
    }

    /** Whether the socket did not take everything flushed before: the peer does not read as fast as we write. */
    private boolean isBehind() {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return outbound != null && outbound.size() > 0;
    }
}
