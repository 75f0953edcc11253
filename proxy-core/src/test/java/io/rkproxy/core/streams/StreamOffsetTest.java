package io.rkproxy.core.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StreamOffsetTest {

    @Test
    void anOffsetMapsBackToItsStreamIdExactly() {
        for (String id : new String[] {"0-0", "0-1", "1733390000123-0", "1733390000123-1048575", "8796093022207-7"}) {
            assertEquals(id, StreamOffset.id(StreamOffset.of(id).orElseThrow()));
        }
        assertEquals((1733390000123L << 20) | 5, StreamOffset.of("1733390000123-5").orElseThrow());
        assertEquals(1733390000123L, StreamOffset.millis(StreamOffset.of("1733390000123-5").orElseThrow()));
    }

    @Test
    void offsetsGrowWithTheIdAndOnePastAnEntryNamesTheNextPossibleId() {
        long a = StreamOffset.of("1000-1048575").orElseThrow();
        long b = StreamOffset.of("1001-0").orElseThrow();
        assertTrue(StreamOffset.of("1000-3").orElseThrow() < a);
        assertTrue(a < b);
        assertEquals(b, a + 1);
        assertEquals("1000-4", StreamOffset.id(StreamOffset.of("1000-3").orElseThrow() + 1));
    }

    @Test
    void idsPastTheMappingsLimitsHaveNoOffset() {
        assertEquals(OptionalLong.empty(), StreamOffset.of("1000-1048576"));
        assertEquals(OptionalLong.empty(), StreamOffset.of("8796093022208-0"));
        assertEquals(OptionalLong.empty(), StreamOffset.of("not-an-id"));
    }
}
