package io.rkproxy.core.metrics;

/**
 * One window of a tenant's keys: the sampled counts and the hot keys among them, and the big keys. The sketch is
 * made at the first sample, so a tenant never sampled holds none. Not thread-safe.
 */
final class KeyWindow {

    private final HotKeyList hot;
    private final BigKeyList big;
    private CountMinSketch sketch;

    KeyWindow(int top) {
        hot = new HotKeyList(top);
        big = new BigKeyList(top);
    }

    void sampled(long hash, byte[] key) {
        if (sketch == null) {
            sketch = new CountMinSketch();
        }
        hot.offer(hash, key, sketch.add(hash));
    }

    void big(long hash, byte[] key, String command, long bytes) {
        big.offer(hash, key, command, bytes);
    }

    /** The sampled count of the key with {@code hash}, estimated. */
    int sampledCount(long hash) {
        return sketch == null ? 0 : sketch.estimate(hash);
    }

    HotKeyList hot() {
        return hot;
    }

    BigKeyList big() {
        return big;
    }

    /** The sketch's counters; 0 before the first sample. */
    int sketchSize() {
        return sketch == null ? 0 : sketch.size();
    }

    void clear() {
        if (sketch != null) {
            sketch.clear();
        }
        hot.clear();
        big.clear();
    }
}
