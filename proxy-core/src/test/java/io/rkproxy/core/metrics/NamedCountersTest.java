package io.rkproxy.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedCountersTest {

    @Test
    void countsByNameSortedByName() {
        NamedCounters c = new NamedCounters(10);
        c.increment("set");
        c.increment("get");
        c.increment("get");
        assertEquals(Map.of("get", 2L, "set", 1L), c.snapshot());
        assertEquals("get", c.snapshot().keySet().iterator().next());
        assertEquals(3, c.total());
    }

    @Test
    void namesPastTheLimitCountAsOther() {
        NamedCounters c = new NamedCounters(2);
        c.increment("a");
        c.increment("b");
        c.increment("made-up-1");
        c.increment("made-up-2");
        c.increment("a");
        assertEquals(Map.of("a", 2L, "b", 1L, NamedCounters.OTHER, 2L), c.snapshot());
    }
}
