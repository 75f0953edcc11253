package io.rkproxy.core.metrics;

/** A 64-bit hash of a key's bytes (FNV-1a, then MurmurHash3's finaliser to spread it over every bit). */
final class KeyHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private KeyHash() {
    }

    static long of(byte[] key) {
        long h = FNV_OFFSET;
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
