package io.rkproxy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The CPU time a process has used so far (user + system), from /proc/&lt;pid&gt;/stat and its threads'. */
final class ProcessCpu {
    /** Fields 14 and 15 of the stat line (utime, stime), counted from field 3, the first after the name. */
    private static final int UTIME_AFTER_NAME = 14 - 3;
    private static final int STIME_AFTER_NAME = 15 - 3;

    private final long ticksPerSecond;

    ProcessCpu(long ticksPerSecond) {
        this.ticksPerSecond = ticksPerSecond;
    }

    /** With this machine's clock ticks per second (getconf CLK_TCK; 100, Linux's usual value, when that fails). */
    static ProcessCpu ofThisMachine() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return new ProcessCpu(getconf.waitFor() == 0 ? Long.parseLong(out) : 100);
        } catch (IOException | NumberFormatException e) {
            return new ProcessCpu(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProcessCpu(100);
        }
    }

    /** Microseconds of CPU the process has used; empty when it is gone or /proc cannot be read. */
    OptionalLong micros(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            return OptionalLong.of(ticks(stat) * 1_000_000 / ticksPerSecond);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * As {@link #micros}, less what the process's live JIT compiler threads have used. On a busy 2-core machine a
     * JVM keeps compiling for millions of requests, and that time swamps the cost per request of the code itself.
     * A compiler thread that ended (HotSpot retires idle ones) is not subtracted, so the figure errs high.
     */
    OptionalLong microsOutsideJit(long pid) {
        OptionalLong total = micros(pid);
        if (total.isEmpty()) {
            return total;
        }
        long jitTicks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    if (isJitCompiler(stat)) {
                        jitTicks += ticks(stat);
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(total.getAsLong() - jitTicks * 1_000_000 / ticksPerSecond);
    }

    /** Whether a thread's stat line is HotSpot's C1 or C2 compiler thread's (named "C2 CompilerThread0", cut). */
    static boolean isJitCompiler(String stat) {
        int nameStart = stat.indexOf('(');
        return nameStart >= 0 && stat.startsWith(" CompilerThre", nameStart + 3)
                && (stat.startsWith("C1", nameStart + 1) || stat.startsWith("C2", nameStart + 1));
    }

    /**
     * utime + stime of a stat line, in clock ticks. The name, field 2, is in parentheses and may itself hold spaces
     * and parentheses, so the fields are counted from the last ')'.
     */
    static long ticks(String stat) {
        int nameEnd = stat.lastIndexOf(')');
        if (nameEnd < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        String[] fields = stat.substring(nameEnd + 1).strip().split(" +");
        if (fields.length <= STIME_AFTER_NAME) {
            throw new IllegalArgumentException("too few fields in " + stat);
        }
        return Long.parseLong(fields[UTIME_AFTER_NAME]) + Long.parseLong(fields[STIME_AFTER_NAME]);
    }
}
