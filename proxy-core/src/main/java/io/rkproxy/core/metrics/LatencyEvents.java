package io.rkproxy.core.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One tenant's latency monitor on this node, as Redis's: each event keeps its latest 160 samples, at most one a
 * second (the worst of that second), and its all-time maximum. Samples are taken only at or over the threshold, in
 * milliseconds; 0 turns the monitor off. Thread-safe; cheap when nothing is over the threshold.
 */
public final class LatencyEvents {

    /** Samples kept per event, as Redis's {@code LATENCY_TS_LEN}. */
    public static final int SAMPLES = 160;

    /** One second's worst latency of an event. */
    public record Sample(long unixSeconds, long millis) {
    }

    /** An event's latest sample and its maximum, as a line of LATENCY LATEST. */
    public record Latest(String event, Sample sample, long maxMillis) {
    }

    private final Map<String, Series> byEvent = new TreeMap<>();
    private volatile int thresholdMillis;

    /** The tenant's {@code latency-monitor-threshold-ms}; 0 records nothing. */
    public void threshold(int millis) {
        if (thresholdMillis != millis) {
            thresholdMillis = millis;
        }
    }

    /** Whether a command that took {@code nanos} is a sample. */
    public boolean over(long nanos) {
        int threshold = thresholdMillis;
        return threshold > 0 && nanos / 1_000_000 >= threshold;
    }

    /** Adds a sample of {@code event} at {@code unixMillis}, as one of that second's, when it is {@link #over}. */
    public void add(String event, long nanos, long unixMillis) {
        if (over(nanos)) {
            synchronized (this) {
                byEvent.computeIfAbsent(event, e -> new Series()).add(unixMillis / 1000, nanos / 1_000_000);
            }
        }
    }

    /** Every event's latest sample, by event name. */
    public synchronized List<Latest> latest() {
        List<Latest> out = new ArrayList<>(byEvent.size());
        byEvent.forEach((event, series) -> out.add(new Latest(event, series.last(), series.max)));
        return out;
    }

    /** An event's samples, oldest first; empty for an event with none. */
    public synchronized List<Sample> history(String event) {
        Series series = byEvent.get(event);
        return series == null ? List.of() : series.samples();
    }

    /** The all-time maximum of an event, in milliseconds; 0 for an event with no samples. */
    public synchronized long max(String event) {
        Series series = byEvent.get(event);
        return series == null ? 0 : series.max;
    }

    /** Forgets the named events, or every event when none is named; returns how many had samples. */
    public synchronized int reset(Collection<String> events) {
        if (events.isEmpty()) {
            int had = byEvent.size();
            byEvent.clear();
            return had;
        }
        int had = 0;
        for (String event : events) {
            if (byEvent.remove(event) != null) {
                had++;
            }
        }
        return had;
    }

    /** A ring of samples, one per second. */
    private static final class Series {

        private final long[] seconds = new long[SAMPLES];
        private final long[] millis = new long[SAMPLES];
        private int next;
        private int count;
        private long max;

        void add(long second, long latency) {
            max = Math.max(max, latency);
            int previous = (next + SAMPLES - 1) % SAMPLES;
            if (count > 0 && seconds[previous] == second) {
                millis[previous] = Math.max(millis[previous], latency);
                return;
            }
            seconds[next] = second;
            millis[next] = latency;
            next = (next + 1) % SAMPLES;
            count = Math.min(count + 1, SAMPLES);
        }

        Sample last() {
            int previous = (next + SAMPLES - 1) % SAMPLES;
            return new Sample(seconds[previous], millis[previous]);
        }

        List<Sample> samples() {
            List<Sample> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int at = (next - count + i + SAMPLES) % SAMPLES;
                out.add(new Sample(seconds[at], millis[at]));
            }
            return out;
        }
    }
}
