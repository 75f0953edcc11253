package io.rkproxy.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Every round's figures, by target and label (a row of the table, such as "GET -P16"): throughput, p50 latency
 * where the load generator gives one, and the CPU per request of a target's own process. NaN stands for a round
 * whose run failed.
 */
final class Results {
    record Key(String target, String label) {
    }

    private final Map<Key, List<Double>> throughput = new LinkedHashMap<>();
    private final Map<Key, List<Double>> p50 = new HashMap<>();
    private final Map<Key, List<Double>> cpu = new HashMap<>();
    private int failedRuns;

    void record(String target, String label, double perSecond) {
        add(throughput, new Key(target, label), perSecond);
    }

    void record(String target, String label, double perSecond, double p50Ms) {
        record(target, label, perSecond);
        add(p50, new Key(target, label), p50Ms);
    }

    /** A driver run's figure; an empty one is a failed run, shown as NA. */
    void recordRun(String target, String label, OptionalDouble perSecond) {
        if (perSecond.isEmpty()) {
            failedRuns++;
        }
        record(target, label, perSecond.orElse(Double.NaN));
    }

    /** CPU microseconds per request of the target's process over one run of a workload (label: its suffix). */
    void recordCpu(String target, String label, double microsPerRequest) {
        add(cpu, new Key(target, label), microsPerRequest);
    }

    void failedRun() {
        failedRuns++;
    }

    int failedRuns() {
        return failedRuns;
    }

    /** The rounds' figures, or null when the target has none under the label. */
    List<Double> throughput(String target, String label) {
        return throughput.get(new Key(target, label));
    }

    List<Double> p50(String target, String label) {
        return p50.get(new Key(target, label));
    }

    List<Double> cpu(String target, String label) {
        return cpu.get(new Key(target, label));
    }

    /** Every target and label with throughput figures, in the order first recorded. */
    Set<Key> measured() {
        return throughput.keySet();
    }

    private static void add(Map<Key, List<Double>> figures, Key key, double value) {
        figures.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
}
