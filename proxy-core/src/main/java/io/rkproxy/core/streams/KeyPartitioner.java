package io.rkproxy.core.streams;

/**
 * The partition of a keyed record, as kafka-clients' default partitioner picks it (murmur2 of the key, made
 * positive, modulo the partitions), so that one key lands on the same partition number of a Streams queue as of a
 * Kafka topic with as many partitions.
 */
final class KeyPartitioner {

    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private KeyPartitioner() {
    }

    static int partition(byte[] key, int partitions) {
        return (murmur2(key) & 0x7fffffff) % partitions;
    }

    /** Kafka's 32-bit murmur2 ({@code org.apache.kafka.common.utils.Utils.murmur2}). */
    static int murmur2(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int blocks = length / 4;
        for (int i = 0; i < blocks; i++) {
            int at = i * 4;
            int k = (data[at] & 0xff) + ((data[at + 1] & 0xff) << 8) + ((data[at + 2] & 0xff) << 16)
                    + ((data[at + 3] & 0xff) << 24);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = blocks * 4;
        switch (length % 4) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
            // fall through
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
            // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= M;
            // fall through
            default:
                break;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }
}
