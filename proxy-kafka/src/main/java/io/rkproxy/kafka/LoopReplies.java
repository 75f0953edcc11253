package io.rkproxy.kafka;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.backend.SessionContext;
import io.rkproxy.core.resp.RespReplies;
import io.rkproxy.core.resp.RespValue;
import io.rkproxy.core.resp.RespValueEncoder;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands a Kafka command's outcome, from whatever thread has it, to its session's event loop as a RESP reply. */
final class LoopReplies {

    private static final Logger log = LoggerFactory.getLogger(LoopReplies.class);

    private final SessionContext session;
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    LoopReplies(SessionContext session) {
        this.session = session;
    }

    void value(ReplyCallback reply, RespValue value) {
        frame(reply, s -> RespValueEncoder.encode(value, s.alloc().buffer(), s.protocol()));
    }

    void integer(ReplyCallback reply, long value) {
        frame(reply, s -> RespReplies.integer(s.alloc(), value));
    }

    void nullArray(ReplyCallback reply) {
        frame(reply, s -> RespReplies.nullArray(s.protocol()));
    }

    void error(ReplyCallback reply, String redisError) {
        onLoop(() -> reply.onError(redisError));
    }

    /** Replies the frame {@code encode} writes, on the event loop. */
    void frame(ReplyCallback reply, Function<SessionContext, ByteBuf> encode) {
        onLoop(() -> reply.onReply(encode.apply(session)));
    }

    /**
     * Runs {@code task} on the event loop. Tasks from other threads queue up behind one loop task: the producer
     * acknowledges records in batches, and one wake-up of the loop per batch costs less than one per record.
     */
    void onLoop(Runnable task) {
        if (session.loop().inEventLoop()) {
            task.run();
            return;
        }
        pending.add(task);
        if (scheduled.compareAndSet(false, true)) {
            session.loop().execute(this::runPending);
        }
    }

    /**
     * Runs what other threads queued. A task that throws must not strand the ones behind it: they would wait, their
     * clients unanswered, until another thread happened to queue one more.
     */
    private void runPending() {
        scheduled.set(false);
        Runnable task;
        while ((task = pending.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("session {}: a Kafka reply failed: {}", session.sessionId(), e.toString(), e);
            }
        }
    }
}
