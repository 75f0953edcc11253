package io.rkproxy.core.metrics;

import java.util.Arrays;

/**
 * The keys with the highest counts seen, at most {@code capacity} of them, known by their hash. A key not listed
 * takes the place of the lowest count once its own count is higher. Linear scans: the list is a few dozen long. Not
 * thread-safe.
 */
final class HotKeyList {

    private final long[] hashes;
    private final String[] keys;
    private final int[] counts;
    private int size;

    HotKeyList(int capacity) {
        hashes = new long[capacity];
        keys = new String[capacity];
        counts = new int[capacity];
    }

    /** The key with {@code hash} now has {@code count}; {@code key} is read only when it enters the list. */
    void offer(long hash, byte[] key, int count) {
        int lowest = 0;
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash) {
                counts[i] = count;
                return;
            }
            if (counts[i] < counts[lowest]) {
                lowest = i;
            }
        }
        if (size < hashes.length) {
            put(size++, hash, key, count);
        } else if (count > counts[lowest]) {
            put(lowest, hash, key, count);
        }
    }

    private void put(int i, long hash, byte[] key, int count) {
        hashes[i] = hash;
        keys[i] = KeyText.of(key);
        counts[i] = count;
    }

    int size() {
        return size;
    }

    long hash(int i) {
        return hashes[i];
    }

    String key(int i) {
        return keys[i];
    }

    void clear() {
        Arrays.fill(keys, null);
        size = 0;
    }
}
