package io.rkproxy.core.config;

import java.time.Duration;

/**
 * The {@code server.hot-keys:} section: how each tenant's hot keys are sampled and how many of its hot and big keys
 * are kept, per window.
 *
 * @param enabled    whether commands are sampled for hot keys; big keys are kept either way
 * @param sampleRate one command in this many, on average, is sampled
 * @param top        hot keys, and big keys, kept per tenant and window
 * @param window     how long a window lasts; the figures shown cover the last full window and the current one
 */
public record HotKeysConfig(boolean enabled, int sampleRate, int top, Duration window) {

    public static final int DEFAULT_SAMPLE_RATE = 100;
    public static final int DEFAULT_TOP = 16;
    public static final int MAX_TOP = 64;
    public static final int DEFAULT_WINDOW_SECONDS = 60;
    public static final HotKeysConfig DEFAULT = new HotKeysConfig(true, DEFAULT_SAMPLE_RATE, DEFAULT_TOP,
            Duration.ofSeconds(DEFAULT_WINDOW_SECONDS));

    static HotKeysConfig read(ConfigNode server) {
        ConfigNode node = server.child("hot-keys");
        boolean enabled = node.bool("enabled", DEFAULT.enabled());
        int sampleRate = node.integer("sample-rate", DEFAULT_SAMPLE_RATE, 1, 1_000_000);
        int top = node.integer("top", DEFAULT_TOP, 1, MAX_TOP);
        int windowSeconds = node.integer("window-s", DEFAULT_WINDOW_SECONDS, 1, 3600);
        node.rejectUnknownKeys();
        return new HotKeysConfig(enabled, sampleRate, top, Duration.ofSeconds(windowSeconds));
    }
}
