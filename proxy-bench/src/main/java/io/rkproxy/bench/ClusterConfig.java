package io.rkproxy.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The cluster section's settings (BENCH_CLUSTER_*, BENCH_MGET_*). */
record ClusterConfig(
        int requests,
        int pipelineRequests,
        int mgetSeconds,
        int mgetWarmupSeconds,
        int mgetConnections,
        int mgetDepth,
        int mgetKeys,
        int nodePort,
        int rkPort) {

    /** The cluster's request counts default to the standalone ones, capped: each cluster run is slower. */
    static ClusterConfig from(Env env, int requests, int pipelineRequests) {
        int keys = env.positive("BENCH_MGET_KEYS", 10);
        if (keys > 1000) {
            throw new BenchException("BENCH_MGET_KEYS must be at most 1000 (got " + keys + ")");
        }
        return new ClusterConfig(
                env.positive("BENCH_CLUSTER_REQUESTS", Math.min(requests, 100_000)),
                env.positive("BENCH_CLUSTER_PIPELINE_REQUESTS", Math.min(pipelineRequests, 500_000)),
                env.positive("BENCH_MGET_SECONDS", 10),
                env.nonNegative("BENCH_MGET_WARMUP_SECONDS", 3),
                env.positive("BENCH_MGET_CONNECTIONS", 4),
                env.positive("BENCH_MGET_DEPTH", 16),
                keys,
                env.positive("BENCH_CLUSTER_PORT", 7382),
                env.positive("BENCH_RK_CLUSTER_PORT", 7385));
    }

    Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("requests", requests);
        p.put("pipeline_requests", pipelineRequests);
        p.put("mget_seconds", mgetSeconds);
        p.put("mget_warmup_seconds", mgetWarmupSeconds);
        p.put("mget_connections", mgetConnections);
        p.put("mget_depth", mgetDepth);
        p.put("mget_keys", mgetKeys);
        return p;
    }
}
