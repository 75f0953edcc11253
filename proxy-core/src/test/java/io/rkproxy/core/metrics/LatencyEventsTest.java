package io.rkproxy.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyEventsTest {

    private static final long MS = 1_000_000;

    @Test
    void onlyCommandsAtOrOverTheThresholdAreSamplesAndZeroRecordsNothing() {
        LatencyEvents events = new LatencyEvents();
        events.add("command", 500 * MS, 1_000_000);
        assertTrue(events.latest().isEmpty(), "off by default");
        events.threshold(10);
        events.add("command", 9 * MS, 1_000_000);
        assertTrue(events.latest().isEmpty());
        events.add("command", 10 * MS, 1_000_000);
        assertEquals(List.of(new LatencyEvents.Sample(1_000, 10)), events.history("command"));
    }

    @Test
    void oneSecondKeepsOneSampleWithItsWorstLatencyAndTheMaximumIsAllTime() {
        LatencyEvents events = new LatencyEvents();
        events.threshold(1);
        events.add("command", 30 * MS, 5_000_100);
        events.add("command", 50 * MS, 5_000_900);
        events.add("command", 20 * MS, 5_000_950);
        events.add("command", 5 * MS, 5_001_000);
        assertEquals(List.of(new LatencyEvents.Sample(5_000, 50), new LatencyEvents.Sample(5_001, 5)),
                events.history("command"));
        assertEquals(List.of(new LatencyEvents.Latest("command", new LatencyEvents.Sample(5_001, 5), 50)),
                events.latest());
    }

    @Test
    void anEventKeepsItsLatest160SamplesOldestFirst() {
        LatencyEvents events = new LatencyEvents();
        events.threshold(1);
        for (int second = 0; second < 200; second++) {
            events.add("command", (second + 1) * MS, second * 1000L);
        }
        List<LatencyEvents.Sample> history = events.history("command");
        assertEquals(LatencyEvents.SAMPLES, history.size());
        assertEquals(new LatencyEvents.Sample(40, 41), history.get(0));
        assertEquals(new LatencyEvents.Sample(199, 200), history.get(159));
        assertEquals(200, events.max("command"));
    }

    @Test
    void resetForgetsTheNamedEventsOrAllAndCountsThoseThatHadSamples() {
        LatencyEvents events = new LatencyEvents();
        events.threshold(1);
        events.add("command", 5 * MS, 0);
        events.add("other", 5 * MS, 0);
        assertEquals(1, events.reset(List.of("other", "nosuch")));
        assertEquals(1, events.reset(List.of()));
        assertTrue(events.latest().isEmpty());
    }
}
