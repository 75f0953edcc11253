package io.rkproxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rkproxy.admin.PrometheusWriter.Type;
import org.junit.jupiter.api.Test;

class PrometheusWriterTest {

    @Test
    void helpAndTypeComeOnceBeforeTheFamilysSamples() {
        String text = new PrometheusWriter()
                .family("rk_requests_total", Type.COUNTER, "Requests.")
                .sample(3, "tenant", "a")
                .sample(4, "tenant", "b")
                .family("rk_up", Type.GAUGE, "Up.")
                .sample(1)
                .text();
        assertEquals("""
                # HELP rk_requests_total Requests.
                # TYPE rk_requests_total counter
                rk_requests_total{tenant="a"} 3
                rk_requests_total{tenant="b"} 4
                # HELP rk_up Up.
                # TYPE rk_up gauge
                rk_up 1
                """, text);
    }

    @Test
    void labelValuesEscapeBackslashQuoteAndNewline() {
        String text = new PrometheusWriter().family("rk_x", Type.GAUGE, "X.")
                .sample(1, "name", "a\\b\"c\nd", "plain", "ok")
                .text();
        assertEquals("rk_x{name=\"a\\\\b\\\"c\\nd\",plain=\"ok\"} 1", text.lines().toList().get(2));
    }

    @Test
    void helpTextEscapesBackslashAndNewlineButNotQuotes() {
        String text = new PrometheusWriter().family("rk_x", Type.GAUGE, "a \\ b\n\"c\"").text();
        assertEquals("# HELP rk_x a \\\\ b\\n\"c\"", text.lines().findFirst().get());
    }

    @Test
    void histogramBucketsAreCumulativeAndEndInInfEqualToCount() {
        String text = new PrometheusWriter().family("rk_seconds", Type.HISTOGRAM, "Latency.")
                .histogram(new double[] {0.0001, 0.5, 10}, new long[] {2, 0, 3, 1}, 1.25, "tenant", "a")
                .text();
        assertEquals("""
                # HELP rk_seconds Latency.
                # TYPE rk_seconds histogram
                rk_seconds_bucket{tenant="a",le="0.0001"} 2
                rk_seconds_bucket{tenant="a",le="0.5"} 2
                rk_seconds_bucket{tenant="a",le="10"} 5
                rk_seconds_bucket{tenant="a",le="+Inf"} 6
                rk_seconds_sum{tenant="a"} 1.25
                rk_seconds_count{tenant="a"} 6
                """, text);
    }

    @Test
    void numbersAreIntegersPlainDecimalsOrGoSpellings() {
        assertEquals("42", PrometheusWriter.number(42));
        assertEquals("0", PrometheusWriter.number(-0.0));
        assertEquals("0.00025", PrometheusWriter.number(250 / 1e6));
        assertEquals("1795256302.703", PrometheusWriter.number(1795256302.703));
        assertEquals("+Inf", PrometheusWriter.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusWriter.number(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", PrometheusWriter.number(Double.NaN));
    }

    @Test
    void aFamilyDeclaredTwiceIsRejected() {
        PrometheusWriter writer = new PrometheusWriter().family("rk_x", Type.GAUGE, "X.");
        assertThrows(IllegalStateException.class, () -> writer.family("rk_x", Type.GAUGE, "X."));
    }

    @Test
    void aSeriesWrittenTwiceIsRejected() {
        PrometheusWriter writer = new PrometheusWriter().family("rk_x", Type.GAUGE, "X.").sample(1, "a", "1");
        assertThrows(IllegalStateException.class, () -> writer.sample(2, "a", "1"));
    }

    @Test
    void aSampleNeedsAFamilyOfItsKind() {
        assertThrows(IllegalStateException.class, () -> new PrometheusWriter().sample(1));
        PrometheusWriter histogram = new PrometheusWriter().family("rk_h", Type.HISTOGRAM, "H.");
        assertThrows(IllegalStateException.class, () -> histogram.sample(1));
        PrometheusWriter gauge = new PrometheusWriter().family("rk_g", Type.GAUGE, "G.");
        assertThrows(IllegalStateException.class, () -> gauge.histogram(new double[0], new long[] {1}, 0));
    }

    @Test
    void badNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PrometheusWriter().family("rk-x", Type.GAUGE, "X."));
        assertThrows(IllegalArgumentException.class,
                () -> new PrometheusWriter().family("rk_requests", Type.COUNTER, "a counter ends in _total"));
        PrometheusWriter writer = new PrometheusWriter().family("rk_x", Type.GAUGE, "X.");
        assertThrows(IllegalArgumentException.class, () -> writer.sample(1, "bad-label", "v"));
        assertThrows(IllegalArgumentException.class, () -> writer.sample(1, "__reserved", "v"));
        assertThrows(IllegalArgumentException.class, () -> writer.sample(1, "le", "v"));
        assertThrows(IllegalArgumentException.class, () -> writer.sample(1, "odd"));
    }
}
