package io.rkproxy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void whatIsWrittenReadsBackTheSame() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("median", 98039.22);
        inner.put("rounds", Arrays.asList(97000.5, null, 1.0E7));
        inner.put("empty", List.of());
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 é");
        value.put("count", 300000L);
        value.put("negative", -12L);
        value.put("flag", true);
        value.put("none", null);
        value.put("row", inner);
        value.put("rows", List.of(Map.of("a", 1L), Map.of()));

        assertEquals(value, JsonReader.read(JsonWriter.write(value)));
    }

    @Test
    void controlCharactersAndQuotesAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"\n", JsonWriter.write("a\"b\\c\nd\u0001"));
    }

    @Test
    void nanIsWrittenAsNullAndAListOfFiguresStaysOnOneLine() {
        String json = JsonWriter.write(Map.of("rounds", List.of(1.5, Double.NaN, 3L)));
        assertTrue(json.contains("\"rounds\": [1.5, null, 3]"), json);
    }

    @Test
    void readsEscapesAndNumbersOfOtherWriters() {
        assertEquals(Map.of("k", "\u00e9/\t", "n", List.of(-1.5e3, 0L, 2.5)),
                JsonReader.read(" { \"k\" : \"\\u00e9\\/\\t\" , \"n\" : [ -1.5E3 , 0 , 2.5 ] } "));
    }

    @Test
    void malformedTextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> JsonReader.read("{\"a\": 1"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.read("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.read("[1, 2] 3"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.read("[tru]"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.read("\"open"));
    }
}
