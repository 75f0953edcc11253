package io.rkproxy.core.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Latency histograms by command name, for a tenant's LATENCY HISTOGRAM. Bounded as {@link NamedCounters} is: past
 * {@code maxNames} distinct names the rest count as {@value NamedCounters#OTHER}.
 */
public final class CommandLatencies {

    private final Map<String, LatencyHistogram> byName = new ConcurrentHashMap<>();
    private final int maxNames;

    public CommandLatencies(int maxNames) {
        this.maxNames = maxNames;
    }

    public void record(String name, long nanos) {
        LatencyHistogram histogram = byName.get(name);
        if (histogram == null) {
            histogram = byName.computeIfAbsent(byName.size() < maxNames ? name : NamedCounters.OTHER,
                    n -> new LatencyHistogram());
        }
        histogram.record(nanos);
    }

    /** Every name with its histogram, sorted by name. */
    public Map<String, LatencyHistogram.Snapshot> snapshot() {
        Map<String, LatencyHistogram.Snapshot> out = new TreeMap<>();
        byName.forEach((name, histogram) -> out.put(name, histogram.snapshot()));
        return out;
    }
}
