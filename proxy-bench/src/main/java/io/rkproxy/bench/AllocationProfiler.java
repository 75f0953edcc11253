package io.rkproxy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Records a running JVM's allocations with JFR around one run, through jcmd (JFR.start with allocation.jfc, then
 * JFR.stop), so that only that run is in the recording, and summarises them per command.
 */
final class AllocationProfiler {
    static final String SETTINGS = "allocation.jfc";
    private static final String RECORDING_NAME = "rkproxy-bench-allocations";
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);
    private static final int TOP_SITES = 15;

    private final Processes processes;
    private final Workspace workspace;

    AllocationProfiler(Processes processes, Workspace workspace) {
        this.processes = processes;
        this.workspace = workspace;
    }

    /**
     * Runs measuredRun (the commands described by run; it returns their throughput) while the JVM pid records into
     * recording, then reads the recording: empty, and logged, when JFR did not start or wrote no recording.
     */
    Optional<AllocationProfile> profile(long pid, Path recording, String run, long commands,
            DoubleSupplier measuredRun) {
        try {
            Files.createDirectories(recording.toAbsolutePath().getParent());
            Files.deleteIfExists(recording);
        } catch (IOException e) {
            Log.info("profile: cannot write " + recording + ": " + e.getMessage());
            return Optional.empty();
        }
        Path settings = workspace.write(SETTINGS, settings());
        String started = jcmd(pid, "JFR.start", "name=" + RECORDING_NAME, "settings=" + settings);
        if (!started.contains("Started recording")) {
            Log.info("profile: JFR did not start in rkproxy (pid " + pid + "): " + started.strip());
            return Optional.empty();
        }
        double perSecond = measuredRun.getAsDouble();
        jcmd(pid, "JFR.stop", "name=" + RECORDING_NAME, "filename=" + recording.toAbsolutePath());
        if (!Files.isRegularFile(recording)) {
            Log.info("profile: JFR wrote no recording to " + recording);
            return Optional.empty();
        }
        try {
            return Optional.of(new AllocationProfile(run, recording, perSecond,
                    AllocationSummary.read(recording, commands, "io.rkproxy.", TOP_SITES)));
        } catch (IOException e) {
            Log.info("profile: cannot read " + recording + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The JFR settings, allocation.jfc beside this class. */
    static String settings() {
        try (InputStream in = AllocationProfiler.class.getResourceAsStream(SETTINGS)) {
            if (in == null) {
                throw new BenchException(SETTINGS + " is missing from proxy-bench's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BenchException("cannot read " + SETTINGS + ": " + e.getMessage());
        }
    }

    private String jcmd(long pid, String... command) {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        args.addAll(List.of(command));
        return processes.output(args, JCMD_TIMEOUT);
    }
}
