package io.rkproxy.core.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters by a name clients choose (a command, an error kind). Past {@code maxNames} distinct names the rest count
 * as {@value #OTHER}, so a client sending made-up names cannot grow the metrics without bound.
 */
public final class NamedCounters {

    public static final String OTHER = "other";

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final int maxNames;

    public NamedCounters(int maxNames) {
        this.maxNames = maxNames;
    }

    public void increment(String name) {
        LongAdder counter = counters.get(name);
        if (counter == null) {
            counter = counters.computeIfAbsent(counters.size() < maxNames ? name : OTHER, n -> new LongAdder());
        }
        counter.increment();
    }

    public long total() {
        return counters.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Every name with its count, sorted by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((name, counter) -> out.put(name, counter.sum()));
        return out;
    }
}
