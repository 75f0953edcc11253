package io.rkproxy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dependencies between the packages of one source tree, and the check that they form no cycle. A package
 * depends on another package of the same tree when one of its files names that package in code: in an import (of a
 * type, on demand or static) or in a fully qualified name. Comments and string literals do not count, and packages
 * outside the tree (other modules, libraries) are not looked at. A module keeps its packages layered with one test:
 * {@code PackageCycles.assertAcyclic(Path.of("src/main/java"))}.
 */
public final class PackageCycles {

    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w.]+)\\s*;");
    /** A dotted name that starts with lower-case parts (a package) and goes on to a type (upper case) or '*'. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w$.])((?:[a-z_][\\w$]*\\.)*[a-z_][\\w$]*)\\.(?:[A-Z$][\\w$]*|\\*)");

    /** Where one package first names another: a file relative to the source root, and a line. */
    private record Use(Path file, int line) {

        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    private PackageCycles() {
    }

    /**
     * Fails, naming every cycle with a file and line for each of its dependencies, when the packages of the tree
     * under {@code sourceRoot} depend on each other in a cycle.
     *
     * @throws IllegalArgumentException if there is no Java source under {@code sourceRoot}, so that a wrong path
     *                                  cannot pass for a clean tree
     */
    public static void assertAcyclic(Path sourceRoot) {
        Map<String, Map<String, Use>> graph = dependencies(sourceRoot);
        List<SortedSet<String>> cycles = new Tarjan(graph).components;
        if (cycles.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("the packages under " + sourceRoot + " depend on each other in "
                + cycles.size() + " cycle(s):");
        for (SortedSet<String> cycle : cycles) {
            message.append('\n');
            for (String from : cycle) {
                graph.get(from).forEach((to, use) -> {
                    if (cycle.contains(to)) {
                        message.append("\n  ").append(from).append(" -> ").append(to).append(" (").append(use)
                                .append(')');
                    }
                });
            }
        }
        throw new AssertionError(message);
    }

    /**
     * Each package of the tree, with the packages of the tree it depends on and where it first names each; in name
     * order.
     */
    private static Map<String, Map<String, Use>> dependencies(Path sourceRoot) {
        Map<Path, String> sources = read(sourceRoot);
        Map<String, Map<String, Use>> graph = new TreeMap<>();
        sources.forEach((file, code) -> graph.computeIfAbsent(packageOf(code), p -> new TreeMap<>()));
        sources.forEach((file, code) -> {
            String from = packageOf(code);
            Matcher m = QUALIFIED.matcher(code);
            while (m.find()) {
                String to = m.group(1);
                if (!to.equals(from) && graph.containsKey(to)) {
                    graph.get(from).putIfAbsent(to, new Use(sourceRoot.relativize(file), lineOf(code, m.start())));
                }
            }
        });
        return graph;
    }

    /** The tree's Java files, in path order, as their code: comments and literals blanked out. */
    private static Map<Path, String> read(Path sourceRoot) {
        Map<Path, String> sources = new TreeMap<>();
        if (Files.isDirectory(sourceRoot)) {
            try (Stream<Path> files = Files.walk(sourceRoot)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    sources.put(file, code(Files.readString(file, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no Java sources under " + sourceRoot.toAbsolutePath());
        }
        return sources;
    }

    private static String packageOf(String code) {
        Matcher m = PACKAGE.matcher(code);
        return m.find() ? m.group(1) : "";
    }

    private static int lineOf(String code, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * {@code source} with its comments, string and character literals and text blocks replaced by spaces; line
     * breaks are kept, so offsets and line numbers stay those of the source.
     */
    private static String code(String source) {
        StringBuilder out = new StringBuilder(source);
        int i = 0;
        while (i < source.length()) {
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? -1 : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                end = literalEnd(source, i + 3, "\"\"\"");
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                end = literalEnd(source, i + 1, String.valueOf(source.charAt(i)));
            } else {
                i++;
                continue;
            }
            end = end < 0 ? source.length() : end;
            for (int j = i; j < end; j++) {
                if (out.charAt(j) != '\n') {
                    out.setCharAt(j, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }

    /** Where the literal whose content starts at {@code from} ends, after its closing {@code quote}; -1 if never. */
    private static int literalEnd(String source, int from, String quote) {
        for (int i = from; i < source.length(); i++) {
            if (source.charAt(i) == '\\') {
                i++;
            } else if (source.startsWith(quote, i)) {
                return i + quote.length();
            }
        }
        return -1;
    }

    /** Tarjan's strongly connected components of the graph: those of more than one package, each in name order. */
    private static final class Tarjan {

        private final Map<String, Map<String, Use>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> lowLink = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final List<SortedSet<String>> components = new ArrayList<>();

        Tarjan(Map<String, Map<String, Use>> graph) {
            this.graph = graph;
            graph.keySet().forEach(p -> {
                if (!index.containsKey(p)) {
                    visit(p);
                }
            });
        }

        private void visit(String p) {
            index.put(p, index.size());
            lowLink.put(p, index.get(p));
            stack.push(p);
            for (String q : graph.get(p).keySet()) {
                if (!index.containsKey(q)) {
                    visit(q);
                    lowLink.put(p, Math.min(lowLink.get(p), lowLink.get(q)));
                } else if (stack.contains(q)) {
                    lowLink.put(p, Math.min(lowLink.get(p), index.get(q)));
                }
            }
            if (lowLink.get(p).equals(index.get(p))) {
                SortedSet<String> component = new TreeSet<>();
                String q;
                do {
                    q = stack.pop();
                    component.add(q);
                } while (!q.equals(p));
                if (component.size() > 1) {
                    components.add(component);
                }
            }
        }
    }
}
