package io.rkproxy.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A connection's sends the brokers have not acknowledged yet: how many, for rafka's DUMP, and how many bytes. At
 * most {@code maxBytes} go to the producer at once (or one record larger than that); a send past them waits here in
 * request order, and the connection's reads stop until what is outstanding falls to half. So a client that writes
 * faster than the brokers take its records is slowed down instead of queued without bound. Confined to the event
 * loop.
 */
final class OutstandingSends {

    private record Waiting(int size, Runnable send) {
    }

    private final long maxBytes;
    private final Consumer<Boolean> holdReads;
    private final LongAdder poolBytes;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int count;
    private long bytes;
    private boolean holding;
    private List<Runnable> onDrained = new ArrayList<>();

    /**
     * @param holdReads stops (true) and restarts (false) reading from the client
     * @param poolBytes the pool's total, kept in step with this connection's
     */
    OutstandingSends(long maxBytes, Consumer<Boolean> holdReads, LongAdder poolBytes) {
        this.maxBytes = maxBytes;
        this.holdReads = holdReads;
        this.poolBytes = poolBytes;
    }

    int count() {
        return count;
    }

    /** A send of {@code size} bytes: {@code send} runs now if it fits, else once earlier ones were acknowledged. */
    void start(int size, Runnable send) {
        count++;
        if (waiting.isEmpty() && fits(size)) {
            admit(size, send);
        } else {
            waiting.add(new Waiting(size, send));
        }
        if ((!waiting.isEmpty() || bytes >= maxBytes) && !holding) {
            holding = true;
            holdReads.accept(true);
        }
    }

    /** The brokers answered a send of {@code size} bytes that {@link #start} ran. */
    void finished(int size) {
        count--;
        bytes -= size;
        poolBytes.add(-size);
        while (!waiting.isEmpty() && fits(waiting.peek().size())) {
            Waiting next = waiting.poll();
            admit(next.size(), next.send());
        }
        if (holding && waiting.isEmpty() && bytes <= maxBytes / 2) {
            holding = false;
            holdReads.accept(false);
        }
        if (count == 0 && !onDrained.isEmpty()) {
            List<Runnable> run = onDrained;
            onDrained = new ArrayList<>();
            run.forEach(Runnable::run);
        }
    }

    private boolean fits(int size) {
        return bytes == 0 || bytes + size <= maxBytes;
    }

    private void admit(int size, Runnable send) {
        bytes += size;
        poolBytes.add(size);
        send.run();
    }

    /** Runs {@code task} once no send is outstanding; at once if none is. */
    void whenDrained(Runnable task) {
        if (count == 0) {
            task.run();
        } else {
            onDrained.add(task);
        }
    }
}
