package io.rkproxy.bench.soak;

import io.rkproxy.testkit.RespSocket;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** KPUSH and KPOP on one topic, one request per round trip; KPOP counts the records it got. */
final class KafkaSteps {
    /** KPUSH's reply: partition and offset (as bulk strings, as rafka's clients expect, or integers). */
    private static final Pattern PUSHED = Pattern.compile(":?\\d+\n:?\\d+");
    /** KPOP's reply with a record: partition, offset and a value KPUSH sent. */
    private static final Pattern POPPED = Pattern.compile(":?\\d+\n:?\\d+\nk\\d+");
    /** How long KPOP waits after a nil (no record on this node right now) before it asks again. */
    private static final long IDLE_PAUSE_MS = 5;

    private final String topic;
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicLong popped = new AtomicLong();

    KafkaSteps(String topic) {
        this.topic = topic;
    }

    StepLoad.Step kpush() {
        return (connection, meter) -> {
            long start = System.nanoTime();
            String reply = connection.call("KPUSH", topic, "k" + pushed.get());
            if (PUSHED.matcher(reply).matches()) {
                pushed.incrementAndGet();
                meter.ok(1, System.nanoTime() - start);
            } else {
                meter.unexpected("[partition, offset]", reply);
            }
        };
    }

    StepLoad.Step kpop() {
        return (RespSocket connection, Meter meter) -> {
            long start = System.nanoTime();
            String reply = connection.call("KPOP", topic);
            long elapsed = System.nanoTime() - start;
            if (reply.equals("(nil)")) {
                meter.ok(1, elapsed);
                Pause.millis(IDLE_PAUSE_MS);
            } else if (POPPED.matcher(reply).matches()) {
                popped.incrementAndGet();
                meter.ok(1, elapsed);
            } else {
                meter.unexpected("nil or [partition, offset, value]", reply);
            }
        };
    }

    long pushed() {
        return pushed.get();
    }

    long popped() {
        return popped.get();
    }
}
