package io.rkproxy.core.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.rkproxy.core.resp.CommandText;
import io.rkproxy.core.resp.RespCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A backend connection with no backend: it records each command sent on it, as words, and the test answers them,
 * oldest first, as a backend does. Always writable. Used only from the test's thread (the channel's event loop).
 */
public final class FakeLink implements PinnedLink {

    private final List<String> sent = new ArrayList<>();
    private final ArrayDeque<ReplyCallback> unanswered = new ArrayDeque<>();
    private boolean released;
    private boolean closed;
    private boolean unblockedForShutdown;

    @Override
    public void send(RespCommand command, ReplyCallback callback) {
        try {
            if (closed || released) {
                throw new IllegalStateException("sent " + command + " on a link given back");
            }
            sent.add(CommandText.of(command));
            unanswered.add(callback);
        } finally {
            command.release();
        }
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public void whenWritable(Runnable task) {
        task.run();
    }

    @Override
    public void onPush(Consumer<ByteBuf> listener) {
        throw new UnsupportedOperationException("push frames are not faked");
    }

    @Override
    public void unblockForShutdown() {
        unblockedForShutdown = true;
    }

    @Override
    public boolean unblock(boolean error, io.netty.channel.EventLoop replyLoop, ReplyCallback callback) {
        return false;
    }

    public boolean unblockedForShutdown() {
        return unblockedForShutdown;
    }

    @Override
    public int outstanding() {
        return unanswered.size();
    }

    @Override
    public void release() {
        released = true;
    }

    /** As a pool does, fails what is outstanding. */
    @Override
    public void close() {
        closed = true;
        ReplyCallback callback;
        while ((callback = unanswered.poll()) != null) {
            callback.onError("ERR connection closed");
        }
    }

    /** Every command sent so far, as words, oldest first. */
    public List<String> sent() {
        return List.copyOf(sent);
    }

    /** Answers the oldest unanswered command with {@code resp}, one complete RESP reply. */
    public void reply(String resp) {
        ReplyCallback callback = unanswered.poll();
        if (callback == null) {
            throw new IllegalStateException("no command is waiting for " + resp.strip());
        }
        callback.onReply(Unpooled.copiedBuffer(resp, StandardCharsets.UTF_8));
    }

    /** Whether the link was given back to its pool for reuse. */
    public boolean released() {
        return released;
    }

    public boolean closed() {
        return closed;
    }
}
