package io.rkproxy.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SoakSettingsTest {

    @Test
    void durationsAreSecondsMinutesOrHours() {
        assertEquals(Duration.ofSeconds(90), SoakSettings.parseDuration("90s"));
        assertEquals(Duration.ofSeconds(90), SoakSettings.parseDuration("90"));
        assertEquals(Duration.ofMinutes(30), SoakSettings.parseDuration("30m"));
        assertEquals(Duration.ofHours(2), SoakSettings.parseDuration("2h"));
        assertThrows(IllegalArgumentException.class, () -> SoakSettings.parseDuration("30 min"));
    }

    @Test
    void aSoakShorterThanAMinuteIsRefusedAndTheSamplesGoUnderBenchResults() {
        assertThrows(IllegalArgumentException.class,
                () -> SoakSettings.of(new String[] {"59s"}, Path.of("/r"), Instant.EPOCH));
        assertEquals(Path.of("/r/bench-results/soak-19700101-000000.csv"),
                SoakSettings.of(new String[] {"1m"}, Path.of("/r"), Instant.EPOCH).csv());
    }

    @Test
    void procStatusFieldsAreReadInTheirOwnUnit() {
        String status = "Name:\tjava\nVmRSS:\t  123456 kB\nThreads:\t42\n";
        assertEquals(123456, ProcessVitals.statusField(status, "VmRSS"));
        assertEquals(42, ProcessVitals.statusField(status, "Threads"));
    }
}
