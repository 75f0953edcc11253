package io.rkproxy.core.metrics;

import io.rkproxy.core.config.HotKeysConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One tenant's hot and big keys on this node, in memory that does not grow with its keyspace: per window a count-min
 * sketch of the sampled keys with the top ones, and the keys of the largest requests and replies. The last full
 * window and the current one are kept and shown together, so what is shown covers one to two windows.
 *
 * <p>Thread-safe, with one lock: only sampled commands and big payloads take it, from any event loop, and the
 * console's reads.
 */
public final class TenantKeys {

    private static final long MIN_SPAN_NANOS = 1_000_000;

    private final int sampleRate;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private KeyWindow current;
    private KeyWindow previous;
    private long currentStart;
    private long previousStart;
    /** Whether {@code previous} is the window just before the current one, and so shown; else it is empty. */
    private boolean hasPrevious;

    public TenantKeys(HotKeysConfig config, LongSupplier nanoClock) {
        this.sampleRate = config.sampleRate();
        this.windowNanos = config.window().toNanos();
        this.nanoClock = nanoClock;
        this.current = new KeyWindow(config.top());
        this.previous = new KeyWindow(config.top());
        this.currentStart = nanoClock.getAsLong();
    }

    /** A sampled command named {@code key}. */
    public synchronized void sampled(byte[] key) {
        rotate();
        current.sampled(KeyHash.of(key), key);
    }

    /** A request or reply of {@code bytes}, at least the big size, named {@code key}. */
    public synchronized void big(byte[] key, String command, long bytes) {
        rotate();
        current.big(KeyHash.of(key), key, command, bytes);
    }

    /** The {@code n} hottest keys, hottest first. */
    public synchronized List<HotKey> hot(int n) {
        rotate();
        Map<Long, String> candidates = new LinkedHashMap<>();
        addHot(candidates, current);
        if (hasPrevious) {
            addHot(candidates, previous);
        }
        double seconds = spanNanos() / 1e9;
        List<HotKey> out = new ArrayList<>(candidates.size());
        candidates.forEach((hash, key) -> {
            long sampled = current.sampledCount(hash) + (hasPrevious ? previous.sampledCount(hash) : 0);
            long ops = sampled * sampleRate;
            out.add(new HotKey(key, ops, ops / seconds));
        });
        out.sort(Comparator.comparingLong(HotKey::ops).reversed().thenComparing(HotKey::key));
        return List.copyOf(out.subList(0, Math.min(n, out.size())));
    }

    private static void addHot(Map<Long, String> candidates, KeyWindow window) {
        HotKeyList hot = window.hot();
        for (int i = 0; i < hot.size(); i++) {
            candidates.putIfAbsent(hot.hash(i), hot.key(i));
        }
    }

    /** The {@code n} biggest keys, biggest first. */
    public synchronized List<BigKey> big(int n) {
        rotate();
        Map<Long, BigKey> merged = new LinkedHashMap<>();
        addBig(merged, current);
        if (hasPrevious) {
            addBig(merged, previous);
        }
        List<BigKey> out = new ArrayList<>(merged.values());
        out.sort(Comparator.comparingLong(BigKey::bytes).reversed().thenComparing(BigKey::key));
        return List.copyOf(out.subList(0, Math.min(n, out.size())));
    }

    private static void addBig(Map<Long, BigKey> merged, KeyWindow window) {
        BigKeyList big = window.big();
        for (int i = 0; i < big.size(); i++) {
            merged.merge(big.hash(i), big.entry(i), (a, b) -> {
                BigKey larger = a.bytes() >= b.bytes() ? a : b;
                return new BigKey(larger.key(), larger.command(), larger.bytes(), a.seen() + b.seen());
            });
        }
    }

    /** How long the figures shown cover: the current window so far, and the last full one when there is one. */
    public synchronized double spanSeconds() {
        rotate();
        return spanNanos() / 1e9;
    }

    /** The commands one sample stands for. */
    public int sampleRate() {
        return sampleRate;
    }

    public long windowSeconds() {
        return windowNanos / 1_000_000_000L;
    }

    /** The sketches' counters, for the bound on memory. */
    synchronized int sketchSize() {
        return current.sketchSize() + previous.sketchSize();
    }

    /** Hot keys held in both windows, for the bound on memory. */
    synchronized int hotKeysHeld() {
        return current.hot().size() + previous.hot().size();
    }

    private long spanNanos() {
        return Math.max(MIN_SPAN_NANOS, nanoClock.getAsLong() - (hasPrevious ? previousStart : currentStart));
    }

    private void rotate() {
        long now = nanoClock.getAsLong();
        long elapsed = now - currentStart;
        if (elapsed < windowNanos) {
            return;
        }
        KeyWindow spare = previous;
        previous = current;
        current = spare;
        current.clear();
        previousStart = currentStart;
        currentStart = now;
        hasPrevious = elapsed < 2 * windowNanos;
        if (!hasPrevious) {
            previous.clear();
        }
    }
}
