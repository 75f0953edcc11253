package io.rkproxy.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Kafka section's settings (BENCH_KAFKA_*). */
record KafkaConfig(
        int records,
        int kpopRecords,
        int kpopCount,
        int warmupRecords,
        int rkWarmupRecords,
        int valueSize,
        int partitions,
        int connections,
        int pipeline,
        int rkPort) {

    static KafkaConfig from(Env env) {
        int records = env.positive("BENCH_KAFKA_RECORDS", 500_000);
        return new KafkaConfig(
                records,
                env.positive("BENCH_KAFKA_KPOP_RECORDS", Math.max(records / 4, 1000)),
                env.positive("BENCH_KAFKA_KPOP_COUNT", 100),
                env.nonNegative("BENCH_KAFKA_WARMUP_RECORDS", 1_000_000),
                env.nonNegative("BENCH_KAFKA_RK_WARMUP_RECORDS", 3_000_000),
                env.positive("BENCH_KAFKA_VALUE_SIZE", 100),
                env.positive("BENCH_KAFKA_PARTITIONS", 4),
                env.positive("BENCH_KAFKA_CONNECTIONS", 4),
                env.positive("BENCH_KAFKA_PIPELINE", 16),
                env.positive("BENCH_RK_KAFKA_PORT", 7386));
    }

    Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("records", records);
        p.put("kpop_records", kpopRecords);
        p.put("kpop_count", kpopCount);
        p.put("warmup_records", warmupRecords);
        p.put("rk_warmup_records", rkWarmupRecords);
        p.put("value_size", valueSize);
        p.put("partitions", partitions);
        p.put("connections", connections);
        p.put("pipeline", pipeline);
        return p;
    }
}
