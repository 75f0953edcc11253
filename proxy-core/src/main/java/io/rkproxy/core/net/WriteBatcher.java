package io.rkproxy.core.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * Gathers the writes of one event-loop turn into as few buffers as possible and flushes once. When a turn has
 * several small messages (pipelined commands, replies), they are copied into one outbound buffer: a copy of a few
 * dozen bytes is much cheaper than a Netty write of its own, and the kernel gets one large buffer instead of
 * thousands of tiny ones. A turn with a single message writes it as it is, with no copy. Large messages are
 * written as they are, after what was gathered before them, so order is kept. Used only from the channel's event
 * loop.
 */
public final class WriteBatcher {

    /** Messages up to this size are copied; larger ones are written through. */
    static final int COPY_LIMIT = 4096;
    /** A gathered buffer this full is written at once rather than grown further. */
    static final int BATCH_LIMIT = 64 * 1024;
    private static final int INITIAL_CAPACITY = 4096;

    private final Channel channel;
    private final Runnable flushTask = this::flush;
    private ByteBuf single;
    private ByteBuf gathered;
    private boolean flushScheduled;

    public WriteBatcher(Channel channel) {
        this.channel = channel;
    }

    /** Queues {@code message} for the flush at the end of this turn; takes ownership of it. */
    public void write(ByteBuf message) {
        int size = message.readableBytes();
        if (size > COPY_LIMIT) {
            writeGathered();
            channel.write(message, channel.voidPromise());
        } else if (single == null && gathered == null) {
            single = message;
        } else {
            if (gathered == null) {
                gathered = channel.alloc().ioBuffer(Math.max(INITIAL_CAPACITY, single.readableBytes() + size));
                gathered.writeBytes(single);
                single.release();
                single = null;
            }
            gathered.writeBytes(message);
            message.release();
            if (gathered.readableBytes() >= BATCH_LIMIT) {
                writeGathered();
            }
        }
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flushTask);
        }
    }

    /** Bytes written here that the socket has not taken yet: those gathered for this turn and the channel's. */
    public long pendingBytes() {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return (single == null ? 0 : single.readableBytes()) + (gathered == null ? 0 : gathered.readableBytes())
                + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    }

    /** Writes {@code message} after everything queued, flushes, then closes the channel. */
    public void writeAndClose(ByteBuf message) {
        writeGathered();
        channel.writeAndFlush(message).addListener(ChannelFutureListener.CLOSE);
    }

    /** Writes and flushes everything queued now. */
    public void flush() {
        flushScheduled = false;
        writeGathered();
        channel.flush();
    }

    private void writeGathered() {
        if (single != null) {
            ByteBuf message = single;
            single = null;
            channel.write(message, channel.voidPromise());
        } else if (gathered != null) {
            ByteBuf batch = gathered;
            gathered = null;
            channel.write(batch, channel.voidPromise());
        }
    }
}
