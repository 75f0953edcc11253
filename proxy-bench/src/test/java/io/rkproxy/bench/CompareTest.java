package io.rkproxy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareTest {

    @TempDir
    Path tmp;

    @Test
    void showsBothRunsMediansWithTheChangeInPercent() throws Exception {
        Path a = write("a.json", ReportFixture.standalone(tmp, Map.of(), 100_000, 600_000));
        Path b = write("b.json", ReportFixture.standalone(tmp, Map.of("BENCH_REQUESTS", "20000"), 110_000, 540_000));

        List<String> lines = Compare.lines(a, b);

        assertEquals("parameters that differ: requests 300000 -> 20000", lines.get(2));
        assertTrue(lines.contains(String.format("%-18s %-12s %14s %14s %8s", "GET", "rkproxy", "100010", "110010",
                "+10.0%")), String.join("\n", lines));
        assertTrue(lines.contains(String.format("%-18s %-12s %14s %14s %8s", "GET -P16", "rk/twem", "1.00x", "0.90x",
                "-10.0%")), String.join("\n", lines));
        assertTrue(lines.contains(String.format("%-18s %-12s %14s %14s %8s", "SET+GET", "rkproxy", "7.5", "7.5",
                "+0.0%")), String.join("\n", lines));
    }

    @Test
    void aFigureOnlyOneRunHasShowsNoChange() {
        assertEquals("-", Compare.change(null, 5.0));
        assertEquals("-", Compare.change(0.0, 5.0));
        assertEquals("-50.0%", Compare.change(10L, 5.0));
    }

    @Test
    void aFileOfAnotherKindIsRefused() throws Exception {
        Path other = Files.writeString(tmp.resolve("other.json"), "{\"format\": \"something else\"}");
        assertThrows(BenchException.class, () -> Compare.lines(other, other));
    }

    private Path write(String name, Report report) {
        Path file = tmp.resolve(name);
        JsonReport.write(report, file);
        return file;
    }
}
