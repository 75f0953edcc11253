package io.rkproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How busy the CPUs are before the run: on a small machine other work shifts every figure, not just one target. */
final class CpuLoad {
    private static final Path STAT = Path.of("/proc/stat");

    private CpuLoad() {
    }

    /** Warns when the CPUs were more than 15% busy over one second. */
    static void warnIfBusy() {
        if (!Files.isReadable(STAT)) {
            return;
        }
        try {
            String before = Files.readAllLines(STAT).get(0);
            Processes.pause(1000);
            int busy = busyPercent(before, Files.readAllLines(STAT).get(0));
            if (busy > 15) {
                Log.info("warning: the CPUs were " + busy + "% busy before the benchmark started; expect noisy"
                        + " numbers");
            }
        } catch (IOException | RuntimeException e) {
            Log.info("cannot read " + STAT + ": " + e.getMessage());
        }
    }

    /** The busy share between two "cpu" lines of /proc/stat: all but idle and iowait (the 4th and 5th figures). */
    static int busyPercent(String before, String after) {
        String[] a = before.trim().split(" +");
        String[] b = after.trim().split(" +");
        long total = 0;
        for (int i = 1; i < Math.min(a.length, b.length); i++) {
            total += Long.parseLong(b[i]) - Long.parseLong(a[i]);
        }
        long idle = Long.parseLong(b[4]) - Long.parseLong(a[4]) + Long.parseLong(b[5]) - Long.parseLong(a[5]);
        return total > 0 ? (int) (100 * (total - idle) / total) : 0;
    }
}
