package io.rkproxy.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.PackageCycles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * proxy-core's packages are layers (resp, then session, policy, route and backend, with runtime, admin and reload
 * beside them): none depends, directly or through others, on a package that depends on it.
 */
class PackageLayeringTest {

    private static final Path MAIN = Path.of("src", "main", "java");
    private static final Path TEST = Path.of("src", "test", "java");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;",
            Pattern.MULTILINE);

    @Test
    void noPackageCycle() {
        PackageCycles.assertAcyclic(MAIN);
    }

    @Test
    void proxyCoreImportsNoZooKeeper() {
        List<String> offenders = new ArrayList<>();
        for (Path root : List.of(MAIN, TEST)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                    Matcher m = IMPORT.matcher(read(file));
                    while (m.find()) {
                        String name = m.group(1);
                        if (name.startsWith("org.apache.curator.") || name.startsWith("org.apache.zookeeper.")) {
                            offenders.add(file + ": " + name);
                        }
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(offenders.isEmpty(), "ZooKeeper belongs to proxy-zookeeper: " + offenders);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
