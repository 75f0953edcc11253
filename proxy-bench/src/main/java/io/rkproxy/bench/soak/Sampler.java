package io.rkproxy.bench.soak;

import java.io.IOException;
import java.util.List;

/**
 * Takes the soak's samples: rkproxy's memory over JMX, its RSS, threads and fds from /proc, and the load's round
 * trips since the previous sample, from the meters. Also keeps the whole run's latencies for the closing figures.
 */
final class Sampler {
    private final JvmMemory jvm;
    private final ProcessVitals vitals;
    private final List<Meter> meters;
    private final long[] runLatencies = new long[LatencyHistogram.BUCKETS];
    private long requestsBefore;
    private long failuresBefore;

    Sampler(JvmMemory jvm, ProcessVitals vitals, List<Meter> meters) {
        this.jvm = jvm;
        this.vitals = vitals;
        this.meters = meters;
    }

    Sample take(long seconds) throws IOException {
        long[] window = new long[LatencyHistogram.BUCKETS];
        meters.forEach(meter -> meter.latency().drainInto(window));
        long requests = meters.stream().mapToLong(Meter::requests).sum();
        long failures = meters.stream().mapToLong(Meter::failures).sum();
        for (int i = 0; i < window.length; i++) {
            runLatencies[i] += window[i];
        }
        long heap = jvm.heapAfterGc();
        ProcessVitals.Reading reading = vitals.read();
        Sample sample = new Sample(seconds, heap, jvm.directBytes(), reading.rssBytes(), reading.fds(),
                reading.threads(), LatencyHistogram.quantileNanos(window, 0.99), requests - requestsBefore,
                failures - failuresBefore);
        requestsBefore = requests;
        failuresBefore = failures;
        return sample;
    }

    /** The {@code quantile} of every round trip sampled so far, in nanoseconds. */
    long runQuantileNanos(double quantile) {
        return LatencyHistogram.quantileNanos(runLatencies, quantile);
    }
}
