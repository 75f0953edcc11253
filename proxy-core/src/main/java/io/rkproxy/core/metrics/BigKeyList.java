package io.rkproxy.core.metrics;

import java.util.Arrays;

/**
 * The keys of the largest requests and replies seen, at most {@code capacity} of them, each with its largest size,
 * the command of that size and how often it was seen big. A key not listed takes the place of the smallest once its
 * size is larger. Not thread-safe.
 */
final class BigKeyList {

    private final long[] hashes;
    private final String[] keys;
    private final String[] commands;
    private final long[] bytes;
    private final long[] seen;
    private int size;

    BigKeyList(int capacity) {
        hashes = new long[capacity];
        keys = new String[capacity];
        commands = new String[capacity];
        bytes = new long[capacity];
        seen = new long[capacity];
    }

    /** A request or reply of {@code length} bytes, of {@code command}, named the key with {@code hash}. */
    void offer(long hash, byte[] key, String command, long length) {
        int smallest = 0;
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash) {
                seen[i]++;
                if (length > bytes[i]) {
                    bytes[i] = length;
                    commands[i] = command;
                }
                return;
            }
            if (bytes[i] < bytes[smallest]) {
                smallest = i;
            }
        }
        if (size < hashes.length) {
            put(size++, hash, key, command, length);
        } else if (length > bytes[smallest]) {
            put(smallest, hash, key, command, length);
        }
    }

    private void put(int i, long hash, byte[] key, String command, long length) {
        hashes[i] = hash;
        keys[i] = KeyText.of(key);
        commands[i] = command;
        bytes[i] = length;
        seen[i] = 1;
    }

    int size() {
        return size;
    }

    /** Entry {@code i} as seen so far in this window. */
    BigKey entry(int i) {
        return new BigKey(keys[i], commands[i], bytes[i], seen[i]);
    }

    long hash(int i) {
        return hashes[i];
    }

    void clear() {
        Arrays.fill(keys, null);
        Arrays.fill(commands, null);
        size = 0;
    }
}
