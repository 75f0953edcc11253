package io.rkproxy.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.HotKeysConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TenantKeysTest {

    private static final int TOP = 16;
    private static final Duration WINDOW = Duration.ofSeconds(60);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private TenantKeys keys(int sampleRate) {
        return new TenantKeys(new HotKeysConfig(true, sampleRate, TOP, WINDOW), clock::get);
    }

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void pass(Duration time) {
        clock.addAndGet(time.toNanos());
    }

    @Test
    void aKeyHammeredAmongManyColdOnesIsTheHottest() {
        TenantKeys keys = keys(1);
        for (int i = 0; i < 20_000; i++) {
            keys.sampled(key("cold:" + i));
            if (i % 4 == 0) {
                keys.sampled(key("hot"));
            }
        }
        pass(Duration.ofSeconds(10));
        HotKey top = keys.hot(1).get(0);
        assertEquals("hot", top.key());
        assertTrue(top.ops() >= 5_000 && top.ops() < 5_500, "never below the truth, a little above at most: " + top);
        assertEquals(top.ops() / 10.0, top.opsPerSecond(), 1, "over the 10 s the window has run");
    }

    @Test
    void aHundredThousandDistinctKeysLeaveTheSketchAndTheListsTheirSize() {
        TenantKeys keys = keys(1);
        keys.sampled(key("first"));
        int sketch = keys.sketchSize();
        assertEquals(CountMinSketch.DEPTH * CountMinSketch.WIDTH, sketch);
        for (int i = 0; i < 100_000; i++) {
            keys.sampled(key("key:" + i));
            keys.big(key("big:" + i), "set", 1_000_000 + i);
        }
        assertEquals(sketch, keys.sketchSize(), "the sketch is fixed-size");
        assertEquals(TOP, keys.hotKeysHeld(), "the hot list holds at most top keys");
        assertEquals(TOP, keys.hot(1000).size());
        List<BigKey> big = keys.big(1000);
        assertEquals(TOP, big.size(), "the big list holds at most top keys");
        assertEquals(new BigKey("big:99999", "set", 1_099_999, 1), big.get(0), "the largest are kept");
        assertEquals("big:" + (100_000 - TOP), big.get(TOP - 1).key());
    }

    @Test
    void theSampleRateScalesTheCounts() {
        TenantKeys keys = keys(100);
        for (int i = 0; i < 30; i++) {
            keys.sampled(key("k"));
        }
        assertEquals(3_000, keys.hot(1).get(0).ops());
    }

    @Test
    void aBigKeyKeepsItsLargestSizeAndCountsEveryTimeItWasSeen() {
        TenantKeys keys = keys(1);
        keys.big(key("blob"), "set", 2_000_000);
        keys.big(key("blob"), "get", 2_000_010);
        keys.big(key("blob"), "getrange", 1_500_000);
        assertEquals(List.of(new BigKey("blob", "get", 2_000_010, 3)), keys.big(10));
    }

    @Test
    void theLastFullWindowIsShownWithTheCurrentOneAndAnOlderOneIsForgotten() {
        TenantKeys keys = keys(1);
        keys.sampled(key("early"));
        keys.big(key("blob"), "set", 2_000_000);
        pass(WINDOW.plusSeconds(1));
        keys.sampled(key("early"));
        keys.sampled(key("late"));
        assertEquals(List.of("early", "late"), keys.hot(10).stream().map(HotKey::key).toList());
        assertEquals(2, keys.hot(1).get(0).ops(), "both windows' counts");
        assertEquals(1, keys.big(10).size());
        assertEquals(WINDOW.toSeconds() + 1, keys.spanSeconds(), 0.01);
        pass(WINDOW.multipliedBy(2));
        assertEquals(List.of(), keys.hot(10), "nothing seen in the last two windows");
        assertEquals(List.of(), keys.big(10));
    }

    @Test
    void aLongKeyIsShownCut() {
        TenantKeys keys = keys(1);
        keys.sampled(key("x".repeat(200)));
        assertEquals("x".repeat(KeyText.MAX_BYTES) + "... (72 more bytes)", keys.hot(1).get(0).key());
    }
}
