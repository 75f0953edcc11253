package io.rkproxy.core.streams;

import io.netty.buffer.ByteBuf;
import io.rkproxy.core.backend.ReplyCallback;
import java.util.ArrayList;
import java.util.List;

/** A connection's sends (KPUSH, RPUSHX) not yet answered, for DUMP to wait on. On the connection's event loop. */
final class OutstandingSends {

    private int count;
    private final List<Runnable> whenDrained = new ArrayList<>();

    /** {@code reply}, counted as outstanding until it is called. */
    ReplyCallback track(ReplyCallback reply) {
        count++;
        return new ReplyCallback() {
            @Override
            public void onReply(ByteBuf frame) {
                reply.onReply(frame);
                finished();
            }

            @Override
            public void onError(String redisError) {
                reply.onError(redisError);
                finished();
            }
        };
    }

    private void finished() {
        if (--count == 0) {
            List<Runnable> waiting = new ArrayList<>(whenDrained);
            whenDrained.clear();
            waiting.forEach(Runnable::run);
        }
    }

    int count() {
        return count;
    }

    /** Runs {@code task} once no send is outstanding: at once if none is. */
    void whenDrained(Runnable task) {
        if (count == 0) {
            task.run();
        } else {
            whenDrained.add(task);
        }
    }
}
