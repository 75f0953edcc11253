package io.rkproxy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class OutstandingSendsTest {

    private final List<String> events = new ArrayList<>();
    private final LongAdder poolBytes = new LongAdder();
    private final OutstandingSends sends = new OutstandingSends(100, hold -> events.add(hold ? "hold" : "read"),
            poolBytes);

    @Test
    void sendsPastTheBoundWaitInOrderAndReadsResumeAtHalf() {
        sends.start(60, () -> events.add("a"));
        sends.start(30, () -> events.add("b"));
        sends.start(30, () -> events.add("c"));
        sends.start(10, () -> events.add("d"));
        assertEquals(List.of("a", "b", "hold"), events, "c would pass 100 bytes; d waits behind it");
        assertEquals(90, poolBytes.sum());
        assertEquals(4, sends.count());

        sends.finished(60);
        assertEquals(List.of("a", "b", "hold", "c", "d"), events, "70 bytes now, and still above half");
        sends.finished(30);
        sends.finished(30);
        assertEquals(List.of("a", "b", "hold", "c", "d", "read"), events);
        assertEquals(10, poolBytes.sum());
    }

    @Test
    void aRecordLargerThanTheBoundGoesAloneAndDumpWaitsForIt() {
        List<String> drained = new ArrayList<>();
        sends.start(500, () -> events.add("big"));
        sends.start(1, () -> events.add("small"));
        sends.whenDrained(() -> drained.add("drained"));
        assertEquals(List.of("big", "hold"), events);
        sends.finished(500);
        sends.finished(1);
        assertEquals(List.of("big", "hold", "small", "read"), events);
        assertEquals(List.of("drained"), drained);
        assertEquals(0, poolBytes.sum());
    }
}
