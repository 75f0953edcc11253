package io.rkproxy.kafka;

import java.util.ArrayDeque;

/**
 * Runs a connection's topic-bound steps in request order. A step whose topic Kafka has not described yet waits for
 * the description, and every later step waits behind it, even one whose topic is cached: otherwise a pipelined
 * KPUSH could reach the producer ahead of an earlier one still waiting for its topic. Used only on the connection's
 * event loop.
 */
final class OrderedSteps {

    /** A place in the order whose action is known only later. */
    static final class Step {
        private Runnable action;
    }

    private final ArrayDeque<Step> waiting = new ArrayDeque<>();

    /** Runs {@code action} now when nothing waits, else once every step before it has run. */
    void run(Runnable action) {
        if (waiting.isEmpty()) {
            action.run();
            return;
        }
        Step step = new Step();
        step.action = action;
        waiting.add(step);
    }

    /** Takes the next place in the order; {@link #complete} gives it its action. */
    Step reserve() {
        Step step = new Step();
        waiting.add(step);
        return step;
    }

    void complete(Step step, Runnable action) {
        step.action = action;
        Step head;
        while ((head = waiting.peek()) != null && head.action != null) {
            waiting.poll();
            head.action.run();
        }
    }
}
