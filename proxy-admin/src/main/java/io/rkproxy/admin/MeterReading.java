package io.rkproxy.admin;

import io.rkproxy.core.metrics.LatencyHistogram;
import io.rkproxy.core.metrics.TenantMeters;

/** A tenant's running totals at one moment; the difference of two is what happened between them. */
record MeterReading(long commands, long errors, long[] latencyCounts, long latencyNanos, long bytesIn,
                    long bytesOut) {

    static final MeterReading ZERO = new MeterReading(0, 0, new long[0], 0, 0, 0);

    static MeterReading of(TenantMeters m) {
        LatencyHistogram.Snapshot latency = m.latency().snapshot();
        return new MeterReading(m.commands(), m.errors(), latency.counts(), latency.sumNanos(), m.bytesIn(),
                m.bytesOut());
    }

    MeterReading minus(MeterReading earlier) {
        return combine(earlier, -1);
    }

    MeterReading plus(MeterReading other) {
        return combine(other, 1);
    }

    private MeterReading combine(MeterReading other, int sign) {
        long[] counts = new long[Math.max(latencyCounts.length, other.latencyCounts.length)];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = at(latencyCounts, i) + sign * at(other.latencyCounts, i);
        }
        return new MeterReading(commands + sign * other.commands, errors + sign * other.errors, counts,
                latencyNanos + sign * other.latencyNanos, bytesIn + sign * other.bytesIn,
                bytesOut + sign * other.bytesOut);
    }

    private static long at(long[] counts, int i) {
        return i < counts.length ? counts[i] : 0;
    }

    /** This difference as one chart point over {@code seconds}. */
    SeriesPoint point(long epochMillis, double seconds) {
        LatencyHistogram.Snapshot latency = new LatencyHistogram.Snapshot(latencyCounts, latencyNanos);
        return new SeriesPoint(epochMillis, commands / seconds, errors / seconds, quantile(latency, 0.5),
                quantile(latency, 0.99), bytesIn / seconds, bytesOut / seconds);
    }

    private static Long quantile(LatencyHistogram.Snapshot latency, double q) {
        long micros = latency.quantileMicros(q);
        return micros < 0 ? null : micros;
    }
}
