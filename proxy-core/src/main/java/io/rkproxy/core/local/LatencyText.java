package io.rkproxy.core.local;

import io.rkproxy.core.metrics.LatencyEvents;
import java.util.List;

/** The texts of LATENCY DOCTOR and LATENCY GRAPH for a tenant's latency monitor ({@link LatencyMonitor}). */
final class LatencyText {

    private static final int GRAPH_ROWS = 4;

    private LatencyText() {
    }

    /** A short, plain report: what is measured, and what was seen. */
    static String doctor(String tenant, int thresholdMillis, LatencyEvents events) {
        StringBuilder out = new StringBuilder("rkproxy latency doctor for tenant '").append(tenant)
                .append("' on this proxy node.\n\n");
        if (thresholdMillis == 0) {
            out.append("The latency monitor is off for this tenant: set latency-monitor-threshold-ms in its tenant "
                    + "entry to record its commands at least that slow.\n");
        } else {
            out.append("Commands at least ").append(thresholdMillis).append(" ms slow are recorded, timed by the "
                    + "proxy from their arrival to their reply: the time includes the backend's work and the network "
                    + "to it. The backend's own events (fork, AOF, expiry cycles) are not shown: other tenants share "
                    + "that backend.\n");
        }
        List<LatencyEvents.Latest> latest = events.latest();
        if (latest.isEmpty()) {
            out.append("\nNo latency event was recorded since the events were last reset.\n");
            return out.toString();
        }
        out.append('\n');
        for (LatencyEvents.Latest event : latest) {
            List<LatencyEvents.Sample> samples = events.history(event.event());
            long sum = samples.stream().mapToLong(LatencyEvents.Sample::millis).sum();
            out.append(event.event()).append(": ").append(samples.size()).append(" latency spikes (average ")
                    .append(sum / samples.size()).append(" ms, worst ").append(event.maxMillis())
                    .append(" ms, latest ").append(event.sample().millis()).append(" ms).\n");
        }
        out.append("\nLATENCY HISTOGRAM shows which commands take the time, and SLOWLOG GET the slowest calls with "
                + "their arguments.\n");
        return out.toString();
    }

    /** The samples as columns, oldest on the left, scaled between the lowest and the highest. */
    static String graph(String event, List<LatencyEvents.Sample> samples, long maxMillis, long nowSeconds) {
        long high = samples.stream().mapToLong(LatencyEvents.Sample::millis).max().orElse(0);
        long low = samples.stream().mapToLong(LatencyEvents.Sample::millis).min().orElse(0);
        StringBuilder out = new StringBuilder(event).append(" - high ").append(high).append(" ms, low ").append(low)
                .append(" ms (all time high ").append(maxMillis).append(" ms)\n").append("-".repeat(80))
                .append('\n');
        for (int row = GRAPH_ROWS; row >= 1; row--) {
            for (LatencyEvents.Sample s : samples) {
                out.append(height(s.millis(), low, high) >= row ? '#' : ' ');
            }
            out.append('\n');
        }
        out.append("\n").append(samples.size()).append(" samples, one column each; the oldest ")
                .append(nowSeconds - samples.get(0).unixSeconds()).append(" s ago, the latest ")
                .append(nowSeconds - samples.get(samples.size() - 1).unixSeconds()).append(" s ago.\n");
        return out.toString();
    }

    /** 1 for the lowest sample up to {@link #GRAPH_ROWS} for the highest. */
    private static int height(long millis, long low, long high) {
        return high == low ? GRAPH_ROWS : 1 + (int) ((millis - low) * (GRAPH_ROWS - 1) / (high - low));
    }
}
