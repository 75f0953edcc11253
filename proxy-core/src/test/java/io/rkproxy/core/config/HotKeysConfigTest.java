package io.rkproxy.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code server.hot-keys}: its defaults, and every mistake in it named with its key. */
class HotKeysConfigTest {

    private static final String TENANTS = """
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
            tenants:
              alice: {password: alice-secret, pool: cache, db: 1}
            """;

    private static String withHotKeys(String flow) {
        return "server: {port: 6380, hot-keys: " + flow + "}\n" + TENANTS;
    }

    @Test
    void onByDefaultSamplingOneCommandInAHundredOverOneMinuteWindows() {
        HotKeysConfig hotKeys = TestConfig.load("server: {port: 6380}\n" + TENANTS).server().hotKeys();
        assertEquals(new HotKeysConfig(true, 100, 16, Duration.ofSeconds(60)), hotKeys);
        assertEquals(HotKeysConfig.DEFAULT, hotKeys);
    }

    @Test
    void everyKeyIsRead() {
        assertEquals(new HotKeysConfig(false, 7, 32, Duration.ofSeconds(10)), TestConfig.load(
                withHotKeys("{enabled: false, sample-rate: 7, top: 32, window-s: 10}")).server().hotKeys());
    }

    @Test
    void badValuesAndUnknownKeysAreNamed() {
        assertEquals(List.of(
                "test: server.hot-keys.enabled: must be true or false, got 'yes-please'",
                "test: server.hot-keys.sample-rate: 0 is out of range 1..1000000",
                "test: server.hot-keys.top: 1000 is out of range 1..64",
                "test: server.hot-keys.window-s: 0 is out of range 1..3600",
                "test: server.hot-keys.size: unknown key"),
                TestConfig.problems(withHotKeys(
                        "{enabled: yes-please, sample-rate: 0, top: 1000, window-s: 0, size: 3}")));
    }
}
