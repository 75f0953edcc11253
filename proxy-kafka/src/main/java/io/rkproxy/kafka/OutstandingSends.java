package io.rkproxy.kafka;

import java.util.ArrayList;
import java.util.List;

/** A connection's sends the broker has not acknowledged yet, for rafka's DUMP. Confined to the event loop. */
final class OutstandingSends {

    private int count;
    private List<Runnable> onDrained = new ArrayList<>();

    int count() {
        return count;
    }

    void started() {
        count++;
    }

    void finished() {
        if (--count == 0 && !onDrained.isEmpty()) {
            List<Runnable> run = onDrained;
            onDrained = new ArrayList<>();
            run.forEach(Runnable::run);
        }
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
