package io.rkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * proxy-core's packages are layers: none depends, directly or through others, on a package that depends on it. The
 * dependencies are read from the import lines of the main sources; a class of the same package needs no import, so
 * every import of another rkproxy package is one edge.
 */
class PackageLayeringTest {

    private static final Path MAIN = Path.of("src", "main", "java");
    private static final Path TEST = Path.of("src", "test", "java");
    private static final String ROOT = "io.rkproxy.";
    /**
     * Left out while the session package is being split: cycles through it are not checked yet. Drop the exemption
     * once it is split.
     */
    private static final String SESSION = "io.rkproxy.core.session";
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;",
            Pattern.MULTILINE);

    @Test
    void noPackageCycleOutsideTheSession() {
        Map<String, Map<String, Set<String>>> imports = packageImports(MAIN);
        imports.remove(SESSION);
        imports.values().forEach(targets -> targets.remove(SESSION));

        List<String> onCycles = new ArrayList<>();
        imports.forEach((from, targets) -> targets.forEach((to, files) -> {
            if (reachable(imports, to).contains(from)) {
                onCycles.add(from + " -> " + to + " " + files);
            }
        }));

        assertEquals(List.of(), onCycles, "imports that close a cycle among proxy-core's packages");
    }

    @Test
    void proxyCoreImportsNoZooKeeper() {
        List<String> offenders = new ArrayList<>();
        for (Path root : List.of(MAIN, TEST)) {
            forEachSource(root, (file, source) -> importsOf(source).stream()
                    .filter(name -> name.startsWith("org.apache.curator.") || name.startsWith("org.apache.zookeeper."))
                    .forEach(name -> offenders.add(file + ": " + name)));
        }

        assertTrue(offenders.isEmpty(), "ZooKeeper belongs to proxy-zookeeper: " + offenders);
    }

    /** Package to imported rkproxy package to the files that import it. */
    private static Map<String, Map<String, Set<String>>> packageImports(Path root) {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        forEachSource(root, (file, source) -> {
            Matcher declared = PACKAGE.matcher(source);
            assertTrue(declared.find(), file + " declares no package");
            String from = declared.group(1);
            Map<String, Set<String>> targets = graph.computeIfAbsent(from, p -> new TreeMap<>());
            for (String name : importsOf(source)) {
                String to = packageOf(name);
                if (name.startsWith(ROOT) && !to.equals(from)) {
                    targets.computeIfAbsent(to, p -> new TreeSet<>()).add(file.getFileName().toString());
                }
            }
        });
        return graph;
    }

    private static List<String> importsOf(String source) {
        List<String> names = new ArrayList<>();
        Matcher m = IMPORT.matcher(source);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The package part of an imported name: the segments before the first class name. */
    private static String packageOf(String name) {
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("\\.")) {
            if (Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            segments.add(segment);
        }
        return String.join(".", segments);
    }

    private static Set<String> reachable(Map<String, Map<String, Set<String>>> graph, String start) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(graph.getOrDefault(next, Map.of()).keySet());
            }
        }
        return seen;
    }

    private interface SourceVisitor {
        void visit(Path file, String source);
    }

    private static void forEachSource(Path root, SourceVisitor visitor) {
        assertTrue(Files.isDirectory(root), root.toAbsolutePath() + " is missing");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                visitor.visit(file, Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
