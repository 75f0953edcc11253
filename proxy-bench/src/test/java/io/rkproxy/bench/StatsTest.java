package io.rkproxy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleFigure() {
        assertEquals("200", Stats.median(List.of(300.0, 100.0, 200.0)).text());
    }

    @Test
    void medianOfAnEvenCountIsTheUpperOfTheTwoMiddleFigures() {
        assertEquals(30.0, Stats.median(List.of(40.0, 10.0, 30.0, 20.0)).value());
        assertEquals(2.0, Stats.median(List.of(1.0, 2.0)).value());
    }

    @Test
    void failedRoundsAreLeftOutAndNoneLeftIsNaWhileNoRoundsAtAllIsAbsent() {
        assertEquals(5.0, Stats.median(List.of(Double.NaN, 5.0, 1.0, 9.0)).value());
        assertEquals("NA", Stats.median(List.of(Double.NaN, Double.NaN)).text());
        assertEquals("-", Stats.median(null).text());
    }

    @Test
    void ratiosPrintWithTwoDecimalsAndAnX() {
        assertEquals("1.23x", Stats.ratioText(Stats.ratio(Cell.of(123_456), Cell.of(100_000))));
        assertEquals("0.50x", Stats.ratioText(Stats.ratio(Cell.of(1), Cell.of(2))));
    }

    @Test
    void aRatioWithAnAbsentSideIsAbsentAndOneWithNaOrAZeroReferenceIsNa() {
        assertEquals("-", Stats.ratioText(Stats.ratio(Cell.of(1), Cell.ABSENT)));
        assertEquals("-", Stats.ratioText(Stats.ratio(Cell.ABSENT, Cell.NA)));
        assertEquals("NA", Stats.ratioText(Stats.ratio(Cell.NA, Cell.of(1))));
        assertEquals("NA", Stats.ratioText(Stats.ratio(Cell.of(1), Cell.of(0))));
    }

    @Test
    void aTargetIsMetByTheRatioAsPrinted() {
        assertTrue(Stats.meets(Cell.of(0.895), 0.9), "0.895 prints as 0.90x");
        assertFalse(Stats.meets(Cell.of(0.894), 0.9), "0.894 prints as 0.89x");
        assertFalse(Stats.meets(Cell.NA, 0.5));
        assertFalse(Stats.meets(Cell.ABSENT, 0.5));
    }

    @Test
    void numbersPrintWithoutTrailingZeros() {
        assertEquals("98039.22", Stats.number(98039.22));
        assertEquals("100000", Stats.number(100000.0));
        assertEquals("0.247", Stats.number(0.247));
        assertEquals("0.25", Stats.number(0.2500001));
    }
}
