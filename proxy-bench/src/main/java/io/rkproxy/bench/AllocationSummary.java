package io.rkproxy.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A process's allocations over a number of commands, from a JFR recording made with allocation.jfc.
 * <ul>
 * <li>Bytes: the weights of jdk.ObjectAllocationSample, each the bytes its thread allocated since its previous
 * sample. A thread's first sample in the recording is left out, as it counts from before the recording (from the
 * thread's start when nothing sampled it before). Checked against the threads' own allocation counters
 * (jdk.ThreadAllocationStatistics at the recording's start and end), which are exact.</li>
 * <li>Objects: an estimate from the TLAB events. The object that opens a new TLAB is picked with a chance in
 * proportion to its size, so each such event stands for (TLAB size / object size) objects; an object allocated
 * outside a TLAB is recorded every time.</li>
 * <li>Sites: each sample's weight goes to the topmost frame of its stack in code under the package prefix, with the
 * class allocated; samples without such a frame (the event loop's own, the JDK's, other threads') stay apart.</li>
 * </ul>
 */
record AllocationSummary(long commands, long samples, double sampledBytes, double counterBytes,
        double estimatedObjects, String packagePrefix, double attributedBytes, List<Site> sites) {

    /** An allocation site: the topmost frame under the package prefix and the class it allocated. */
    record Site(String frame, String allocatedClass, double bytes) {
    }

    static AllocationSummary read(Path recording, long commands, String packagePrefix, int topSites)
            throws IOException {
        Set<Long> sampledThreads = new HashSet<>();
        Map<Long, long[]> counters = new HashMap<>();
        Map<List<String>, Double> bytesBySite = new HashMap<>();
        long samples = 0;
        double sampledBytes = 0;
        double objects = 0;
        double attributed = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                switch (event.getEventType().getName()) {
                    case "jdk.ObjectAllocationSample" -> {
                        if (!sampledThreads.add(threadId(event.getThread()))) {
                            double weight = event.getLong("weight");
                            samples++;
                            sampledBytes += weight;
                            String frame = topFrame(event.getStackTrace(), packagePrefix);
                            if (frame != null) {
                                attributed += weight;
                                String allocated = className(event.getClass("objectClass").getName());
                                bytesBySite.merge(List.of(frame, allocated), weight, Double::sum);
                            }
                        }
                    }
                    case "jdk.ObjectAllocationInNewTLAB" ->
                            objects += (double) event.getLong("tlabSize") / event.getLong("allocationSize");
                    case "jdk.ObjectAllocationOutsideTLAB" -> objects++;
                    case "jdk.ThreadAllocationStatistics" -> {
                        long allocated = event.getLong("allocated");
                        counters.merge(threadId(event.getThread("thread")), new long[] {allocated, allocated},
                                (seen, now) -> new long[] {Math.min(seen[0], allocated), Math.max(seen[1], allocated)});
                    }
                    default -> {
                    }
                }
            }
        }
        double counted = counters.values().stream().mapToDouble(range -> range[1] - range[0]).sum();
        List<Site> sites = bytesBySite.entrySet().stream()
                .map(e -> new Site(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                .sorted(Comparator.comparingDouble(Site::bytes).reversed()).limit(topSites).toList();
        return new AllocationSummary(commands, samples, sampledBytes, counters.isEmpty() ? Double.NaN : counted,
                objects, packagePrefix, attributed, sites);
    }

    /** "io.rkproxy.x.Y.method:line" for the topmost frame whose class is under the prefix; null when none is. */
    static String topFrame(RecordedStackTrace stack, String packagePrefix) {
        if (stack == null) {
            return null;
        }
        for (RecordedFrame frame : stack.getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith(packagePrefix)) {
                int line = frame.getLineNumber();
                return type + "." + frame.getMethod().getName() + (line > 0 ? ":" + line : "");
            }
        }
        return null;
    }

    /**
     * A class as Java source names it: JFR names arrays by descriptor ("[B" for byte[]), and a lambda's class by its
     * hidden name, which differs from run to run ("Foo$$Lambda$167+0x00007f23...").
     */
    static String className(String name) {
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) {
            return name.substring(0, lambda) + "$$Lambda";
        }
        int dimensions = 0;
        while (dimensions < name.length() && name.charAt(dimensions) == '[') {
            dimensions++;
        }
        if (dimensions == 0) {
            return name;
        }
        String element = name.substring(dimensions);
        String type = switch (element) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> element.startsWith("L") && element.endsWith(";")
                    ? element.substring(1, element.length() - 1) : element;
        };
        return type + "[]".repeat(dimensions);
    }

    double bytesPerCommand() {
        return sampledBytes / commands;
    }

    double counterBytesPerCommand() {
        return counterBytes / commands;
    }

    double objectsPerCommand() {
        return estimatedObjects / commands;
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "  bytes/command   %9.1f  from %d jdk.ObjectAllocationSample weights"
                + " (each thread's first sample left out: it counts from before the recording)", bytesPerCommand(),
                samples));
        if (!Double.isNaN(counterBytes)) {
            lines.add(String.format(Locale.ROOT, "  bytes/command   %9.1f  from the threads' allocation counters"
                    + " (jdk.ThreadAllocationStatistics), exact", counterBytesPerCommand()));
        }
        lines.add(String.format(Locale.ROOT, "  objects/command %9.1f  estimated from the TLAB events (a new TLAB"
                + " counts as its size / the size of the object that opened it)", objectsPerCommand()));
        lines.add("  top allocation sites in " + packagePrefix + "* code (topmost such frame, class allocated),"
                + " bytes/command and share of the sampled bytes:");
        for (Site site : sites) {
            lines.add(String.format(Locale.ROOT, "  %9.1f %5.1f%%  %s  %s", site.bytes() / commands,
                    share(site.bytes()), site.frame(), site.allocatedClass()));
        }
        lines.add(String.format(Locale.ROOT, "  under %s* frames in all: %.1f bytes/command (%.1f%%); the rest has"
                + " no such frame on its stack (the event loop's own, the JDK's, other threads')", packagePrefix,
                attributedBytes / commands, share(attributedBytes)));
        return lines;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("commands", commands);
        json.put("samples", samples);
        json.put("bytes_per_command", bytesPerCommand());
        json.put("counter_bytes_per_command", counterBytesPerCommand());
        json.put("objects_per_command", objectsPerCommand());
        json.put("attributed_bytes_per_command", attributedBytes / commands);
        List<Object> top = new ArrayList<>();
        for (Site site : sites) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("frame", site.frame());
            s.put("class", site.allocatedClass());
            s.put("bytes_per_command", site.bytes() / commands);
            s.put("share", share(site.bytes()) / 100);
            top.add(s);
        }
        json.put("top_sites", top);
        return json;
    }

    private double share(double bytes) {
        return sampledBytes > 0 ? 100 * bytes / sampledBytes : 0;
    }

    private static long threadId(RecordedThread thread) {
        return thread == null ? -1 : thread.getId();
    }
}
