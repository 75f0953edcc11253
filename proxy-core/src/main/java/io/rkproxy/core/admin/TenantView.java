package io.rkproxy.core.admin;

import java.util.Map;

/**
 * One tenant for the console: its config (never its password) and its live figures on this node.
 *
 * @param isolation   how its data is kept apart: {@code db 3}, {@code prefix app:}, or empty for a Kafka-only tenant
 * @param p50Micros   median latency, a histogram bucket's upper bound; -1 with no commands yet
 * @param refusals    commands and connections the proxy refused, by reason
 * @param authFailures failed AUTHs that named this tenant, from any address
 */
public record TenantView(String name, String pool, String kafkaPool, String isolation, boolean readOnly,
                         boolean admin, int maxConnections, int maxOpsPerSecond, int maxRequestBytes,
                         long connections, long opsPerSecond, long commands, long errors,
                         Map<String, Long> refusals, long p50Micros, long p99Micros, long bytesIn, long bytesOut,
                         long bigRequests, long bigReplies, long authFailures) {
}
