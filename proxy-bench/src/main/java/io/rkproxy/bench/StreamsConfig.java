package io.rkproxy.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Streams section's settings (BENCH_STREAMS_*); the value size, partitions and client shape are fixed. */
record StreamsConfig(int records, int redisPort, int rkPort) {
    static final int VALUE_SIZE = 100;
    static final int PARTITIONS = 4;
    static final int CONNECTIONS = 4;
    static final int PIPELINE = 16;
    /** Records per XREADGROUP of the direct consumer. */
    static final int READ_COUNT = 100;

    static StreamsConfig from(Env env) {
        return new StreamsConfig(
                env.positive("BENCH_STREAMS_RECORDS", 50_000),
                env.positive("BENCH_STREAMS_REDIS_PORT", 7387),
                env.positive("BENCH_RK_STREAMS_PORT", 7388));
    }

    Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("records", records);
        p.put("value_size", VALUE_SIZE);
        p.put("partitions", PARTITIONS);
        p.put("connections", CONNECTIONS);
        p.put("pipeline", PIPELINE);
        p.put("read_count", READ_COUNT);
        return p;
    }
}
