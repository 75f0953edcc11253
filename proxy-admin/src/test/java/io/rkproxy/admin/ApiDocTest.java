package io.rkproxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/operations.md, "Console and HTTP API", names every field the JSON API returns. */
class ApiDocTest {

    /** Surefire runs a module's tests in the module's directory. */
    private static final Path OPERATIONS = Path.of("..", "docs", "operations.md");
    private static final String SECTION = "## Console and HTTP API";

    @Test
    void everyJsonFieldIsDocumented() throws IOException {
        Set<String> fields = new TreeSet<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Method view : ApiViews.class.getDeclaredMethods()) {
            if (!view.isSynthetic()) {
                collect(view.getGenericReturnType(), fields, seen);
            }
        }
        assertTrue(fields.containsAll(Set.of("startedAt", "latencyMicros", "p99Micros", "recentFailures", "args",
                "kpopPrefetch", "topicPrefix")), "the walk reaches the nested records: " + fields);
        String section = section();
        Set<String> undocumented = new TreeSet<>();
        fields.stream().filter(f -> !section.contains("`" + f + "`")).forEach(undocumented::add);
        assertEquals(Set.of(), undocumented, "JSON fields " + OPERATIONS + " does not name");
    }

    /** The record components of {@code type}, and of the records they hold, through lists and maps. */
    private static void collect(Type type, Set<String> fields, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType generic) {
            for (Type argument : generic.getActualTypeArguments()) {
                collect(argument, fields, seen);
            }
        } else if (type instanceof Class<?> c && c.isRecord() && seen.add(c)) {
            for (RecordComponent component : c.getRecordComponents()) {
                fields.add(component.getName());
                collect(component.getGenericType(), fields, seen);
            }
        }
    }

    private static String section() throws IOException {
        String doc = Files.readString(OPERATIONS);
        int start = doc.indexOf(SECTION);
        assertTrue(start >= 0, OPERATIONS + " has no section " + SECTION);
        int end = doc.indexOf("\n## ", start + SECTION.length());
        return doc.substring(start, end < 0 ? doc.length() : end);
    }
}
