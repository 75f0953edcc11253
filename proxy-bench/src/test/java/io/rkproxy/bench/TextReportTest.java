package io.rkproxy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextReportTest {

    @TempDir
    Path tmp;

    @Test
    void rowsShowMediansRatiosAndWhetherTheTargetIsMet() {
        String text = print(ReportFixture.standalone(tmp, Map.of("BENCH_ARGS", "-d 100"), 95_000, 540_000));
        List<String> lines = text.lines().toList();
        assertEquals("requests/s, median of 3 round(s); -c 50; -n 300000 unpipelined, 2000000 with -P 16;"
                + " extra: -d 100", lines.get(1));
        assertTrue(lines.contains(String.format("%-17s %12s %12s %12s %10s %10s  %s", "GET", "100010", "90010",
                "95010", "0.95x", "1.06x", "ok (>=0.9x direct)")), text);
        assertTrue(lines.contains(String.format("%-17s %12s %12s %12s %10s %10s  %s", "GET -P16", "900010", "600010",
                "540010", "0.60x", "0.90x", "MISS (>=1.0x twem)")), text);
        assertTrue(lines.contains(String.format("%-17s %12s %12s %12s", "GET", "0.2", "0.3", "0.4")), text);
        assertTrue(lines.contains(String.format("  %-14s %8s %8s %8s", "SET+GET", "2", "2", "7.5")), text);
        assertTrue(lines.contains("targets: unpipelined rkproxy >= 0.9x direct; pipelined rkproxy >= 1.0x twemproxy:"
                + " MISSED"), text);
        assertTrue(lines.contains(String.format("  %-15s %-9s %s", "rkproxy", "GET", "95000 95010 95020")), text);
    }

    @Test
    void targetsAreMetWhenEveryRowMeetsItsRule() {
        String text = print(ReportFixture.standalone(tmp, Map.of(), 95_000, 700_000));
        assertTrue(text.contains("pipelined rkproxy >= 1.0x twemproxy: met"), text);
    }

    @Test
    void legendsWrapAtSpacesWithinTheWidth() {
        List<String> lines = TextReport.wrap("aaa bbb ccc dddddddddd e", 8);
        assertEquals(List.of("aaa bbb", "ccc", "dddddddddd", "e"), lines);
    }

    private static String print(Report report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextReport.print(report, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
