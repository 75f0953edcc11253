package io.rkproxy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording made here with the profile's own settings, of a loop that allocates one byte[1000] per "command",
 * after the same thread allocated twice as much before the recording (which its first sample would count).
 */
class AllocationSummaryTest {
    private static final int COMMANDS = 300_000;
    /** A byte[1000] takes 1016 bytes with its header. */
    private static final double BYTES_PER_COMMAND = 1016;

    @TempDir
    static Path tmp;
    static Path recording;
    static volatile Object sink;

    @BeforeAll
    static void record() throws Exception {
        recording = tmp.resolve("allocations.jfr");
        Configuration settings = Configuration.create(new StringReader(AllocationProfiler.settings()));
        try (Recording r = new Recording(settings)) {
            allocate(2 * COMMANDS);
            r.start();
            allocate(COMMANDS);
            r.stop();
            r.dump(recording);
        }
    }

    private static void allocate(int commands) {
        for (int i = 0; i < commands; i++) {
            sink = new byte[1000];
        }
    }

    @Test
    void theLoopIsTheTopSiteUnderIoRkproxyWithItsBytesPerCommand() throws Exception {
        AllocationSummary summary = AllocationSummary.read(recording, COMMANDS, "io.rkproxy.", 15);

        AllocationSummary.Site top = summary.sites().get(0);
        assertTrue(top.frame().startsWith("io.rkproxy.bench.AllocationSummaryTest.allocate:"), top.frame());
        assertEquals("byte[]", top.allocatedClass());
        assertBetween(0.7 * BYTES_PER_COMMAND, 1.5 * BYTES_PER_COMMAND, top.bytes() / COMMANDS, "site bytes/command");
        assertBetween(0.7 * BYTES_PER_COMMAND, 1.5 * BYTES_PER_COMMAND, summary.bytesPerCommand(), "bytes/command");
        assertTrue(summary.samples() > 10, "samples: " + summary.samples());
    }

    @Test
    void theThreadsCountersAndTheTlabEstimateAgreeWithTheLoop() throws Exception {
        AllocationSummary summary = AllocationSummary.read(recording, COMMANDS, "io.rkproxy.", 15);

        assertBetween(BYTES_PER_COMMAND, 1.3 * BYTES_PER_COMMAND, summary.counterBytesPerCommand(),
                "counter bytes/command");
        assertBetween(0.7, 1.5, summary.objectsPerCommand(), "objects/command");
    }

    @Test
    void samplesWithoutAFrameUnderThePrefixAreNotAttributed() throws Exception {
        AllocationSummary all = AllocationSummary.read(recording, COMMANDS, "io.rkproxy.", 15);
        AllocationSummary none = AllocationSummary.read(recording, COMMANDS, "io.rkproxy.nothing.", 15);

        assertTrue(none.sites().isEmpty());
        assertEquals(0, none.attributedBytes());
        assertEquals(all.sampledBytes(), none.sampledBytes());
        assertFalse(all.lines().isEmpty());
        assertTrue(all.lines().stream().anyMatch(l -> l.contains("AllocationSummaryTest.allocate:")), all.lines()
                .toString());
    }

    @Test
    void arrayAndLambdaClassesAreNamedAsInJavaSource() {
        assertEquals("byte[]", AllocationSummary.className("[B"));
        assertEquals("java.lang.String[][]", AllocationSummary.className("[[Ljava.lang.String;"));
        assertEquals("io.netty.buffer.PooledByteBuf", AllocationSummary.className("io.netty.buffer.PooledByteBuf"));
        assertEquals("io.rkproxy.redis.BackendConnection$$Lambda",
                AllocationSummary.className("io.rkproxy.redis.BackendConnection$$Lambda$167+0x00007f2328179de0.5705"));
    }

    private static void assertBetween(double low, double high, double actual, String what) {
        assertTrue(actual >= low && actual <= high, what + " " + actual + " not in [" + low + ", " + high + "]");
    }
}
