package io.rkproxy.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric table of docs/operations.md ("Console and HTTP API"): each family's type and label names. */
final class DocumentedMetrics {

    /** Surefire runs a module's tests in the module's directory. */
    private static final Path OPERATIONS = Path.of("..", "docs", "operations.md");
    /** {@code | `name` | type | `label`, `label` | meaning |}. */
    private static final Pattern ROW =
            Pattern.compile("^\\| `(rkproxy_\\w+)` \\| (counter|gauge|histogram) \\|([^|]*)\\|", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("`(\\w+)`");

    record Metric(String type, Set<String> labels) {
    }

    private DocumentedMetrics() {
    }

    static Map<String, Metric> read() {
        String doc;
        try {
            doc = Files.readString(OPERATIONS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OPERATIONS.toAbsolutePath(), e);
        }
        Map<String, Metric> metrics = new TreeMap<>();
        Matcher row = ROW.matcher(doc);
        while (row.find()) {
            Set<String> labels = new TreeSet<>();
            Matcher label = LABEL.matcher(row.group(3));
            while (label.find()) {
                labels.add(label.group(1));
            }
            if (metrics.put(row.group(1), new Metric(row.group(2), labels)) != null) {
                throw new AssertionError(row.group(1) + " is documented twice in " + OPERATIONS);
            }
        }
        return metrics;
    }
}
