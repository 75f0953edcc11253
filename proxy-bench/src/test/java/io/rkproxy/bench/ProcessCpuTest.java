package io.rkproxy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    /** Field 14 (utime) is 1234, field 15 (stime) 567; the name holds spaces, parentheses and digits. */
    static final String STAT = "4242 (my (odd) proc 1 2) S 1 4242 4242 0 -1 4194560 9123 0 0 0 1234 567 0 0 20 0 3"
            + " 0 123456 5000000 800 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";

    @Test
    void userAndSystemTicksAreFields14And15CountedAfterTheParenthesisedName() {
        assertEquals(1234 + 567, ProcessCpu.ticks(STAT));
    }

    @Test
    void aLineWithoutAName() {
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.ticks("4242 S 1 2 3"));
    }

    @Test
    void thisProcessHasUsedCpu() {
        OptionalLong micros = ProcessCpu.ofThisMachine().micros(ProcessHandle.current().pid());
        assertTrue(micros.isPresent() && micros.getAsLong() > 0, "CPU of this JVM: " + micros);
    }

    @Test
    void jitCompilerThreadsAreToldApartByName() {
        assertTrue(ProcessCpu.isJitCompiler("77 (C2 CompilerThre) S 1 2 3"));
        assertTrue(ProcessCpu.isJitCompiler("78 (C1 CompilerThre) S 1 2 3"));
        assertFalse(ProcessCpu.isJitCompiler("79 (rkproxy-io-2-1) S 1 2 3"));
        assertFalse(ProcessCpu.isJitCompiler(STAT));
    }

    @Test
    void cpuOutsideTheJitIsAtMostTheWholeAndPositive() {
        ProcessCpu cpu = ProcessCpu.ofThisMachine();
        long pid = ProcessHandle.current().pid();
        OptionalLong outside = cpu.microsOutsideJit(pid);
        OptionalLong whole = cpu.micros(pid);
        assertTrue(outside.isPresent() && outside.getAsLong() > 0 && outside.getAsLong() <= whole.getAsLong(),
                outside + " of " + whole);
    }

    @Test
    void aProcessThatIsGoneHasNoFigure() {
        assertTrue(new ProcessCpu(100).micros(Long.MAX_VALUE).isEmpty());
    }
}
