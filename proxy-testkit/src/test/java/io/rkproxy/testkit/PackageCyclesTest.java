package io.rkproxy.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageCyclesTest {

    @TempDir
    Path root;

    /** Writes {@code pkg/Name.java}: a package declaration, then {@code lines}. */
    private void source(String pkg, String name, String... lines) throws IOException {
        Path dir = root.resolve(pkg.replace('.', '/'));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".java"),
                "package " + pkg + ";\n" + String.join("\n", lines) + "\nclass " + name + " {}\n");
    }

    private String cycleReport() {
        return assertThrows(AssertionError.class, () -> PackageCycles.assertAcyclic(root)).getMessage();
    }

    @Test
    void namesBothDependenciesOfATwoPackageCycleWithTheirLines() throws IOException {
        source("a", "A", "import b.B;");
        source("b", "B", "", "class Use { Object a = new a.A(); }");
        String report = cycleReport();
        assertTrue(report.contains("a -> b (a/A.java:2)"), report);
        assertTrue(report.contains("b -> a (b/B.java:3)"), report);
    }

    @Test
    void findsACycleThroughThreePackages() throws IOException {
        source("a", "A", "import b.B;");
        source("b", "B", "import c.C;");
        source("c", "C", "import a.A;");
        String report = cycleReport();
        assertTrue(report.contains("a -> b") && report.contains("b -> c") && report.contains("c -> a"), report);
    }

    @Test
    void onDemandAndStaticImportsAreDependencies() throws IOException {
        source("a", "A", "import b.*;", "import c.C;");
        source("b", "B", "import static a.A.X;");
        source("c", "C", "import a.*;");
        String report = cycleReport();
        assertTrue(report.contains("b -> a (b/B.java:2)"), report);
        assertTrue(report.contains("c -> a (c/C.java:2)"), report);
    }

    @Test
    void dependenciesOneWayAreNoCycle() throws IOException {
        source("a", "A", "import b.B;", "import a.sub.S;");
        source("a.sub", "S", "import b.B;");
        source("b", "B", "import java.util.List;");
        assertDoesNotThrow(() -> PackageCycles.assertAcyclic(root));
    }

    @Test
    void aSubpackageIsAPackageOfItsOwn() throws IOException {
        source("a", "A", "import a.sub.S;");
        source("a.sub", "S", "import a.A;");
        assertTrue(cycleReport().contains("a.sub -> a (a/sub/S.java:2)"));
    }

    @Test
    void commentsAndLiteralsAreNotDependencies() throws IOException {
        source("a", "A", "import b.B;");
        source("b", "B",
                "// import a.A;",
                "/* a.A */ class Doc { /** {@link a.A} */ void m() {} }",
                "class Text { String s = \"a.A \\\" a.A\"; char c = '\"'; String t = \"\"\"",
                "    a.A \\\"\"\" a.A",
                "    \"\"\"; }");
        assertDoesNotThrow(() -> PackageCycles.assertAcyclic(root));
    }

    @Test
    void refusesARootWithoutJavaSources() {
        assertThrows(IllegalArgumentException.class, () -> PackageCycles.assertAcyclic(root));
        assertThrows(IllegalArgumentException.class, () -> PackageCycles.assertAcyclic(root.resolve("missing")));
    }
}
