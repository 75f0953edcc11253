package io.rkproxy.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The profiled run: what ran, its throughput under JFR, where the recording is, and rkproxy's allocations. */
record AllocationProfile(String run, Path recording, double perSecond, AllocationSummary allocations) {

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("allocation profile of rkproxy: " + run + ", after the rounds and not in the table, through an"
                + " rkproxy of its own with small TLABs (for more samples)");
        lines.add("  " + Cell.of(perSecond).text() + " GET/s under JFR; recording: " + recording);
        lines.addAll(allocations.lines());
        return lines;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", run);
        json.put("recording", recording.toString());
        json.put("per_second", perSecond);
        json.putAll(allocations.toJson());
        return json;
    }
}
