package io.rkproxy.testkit;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * This JVM's classpath for a child JVM that runs the Kafka broker, rkproxy or another of the test's main classes.
 * Under Surefire {@code java.class.path} is the test classpath (it can be a manifest-only jar, as an IDE may also
 * pass: its Class-Path entries are added); the jars that hold the broker's main classes are added should a custom
 * class loader have loaded them.
 */
public final class ChildClasspath {

    private static final List<String> BROKER_CLASSES = List.of("kafka.Kafka", "kafka.tools.StorageTool",
            "scala.Predef", "org.apache.kafka.common.Uuid");

    private ChildClasspath() {
    }

    public static String current() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                // absolute: the child runs in a directory of its own
                Path path = Path.of(entry).toAbsolutePath();
                entries.add(path.toString());
                entries.addAll(manifestClassPath(path));
            }
        }
        for (String className : BROKER_CLASSES) {
            String location = locationOf(className);
            if (location != null) {
                entries.add(location);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> manifestClassPath(Path jar) {
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null || classPath.isBlank()) {
                return List.of();
            }
            URI base = jar.toAbsolutePath().toUri();
            List<String> entries = new ArrayList<>();
            for (String url : classPath.trim().split("\\s+")) {
                try {
                    entries.add(Path.of(base.resolve(new URI(url))).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a file URL; the JVM would skip it too
                }
            }
            return entries;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String locationOf(String className) {
        try {
            CodeSource source = Class.forName(className, false, ChildClasspath.class.getClassLoader())
                    .getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? null
                    : Path.of(source.getLocation().toURI()).toString();
        } catch (ClassNotFoundException | URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
