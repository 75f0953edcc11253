package io.rkproxy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The run's temporary directory: configs, logs, and raw/ with every load generator's output. */
final class Workspace {
    private final Path dir;

    private Workspace(Path dir) {
        this.dir = dir;
    }

    /** A new directory under TMPDIR (else the JVM's temp dir). */
    static Workspace create(Env env) {
        try {
            Path parent = Path.of(env.string("TMPDIR", System.getProperty("java.io.tmpdir")));
            Path dir = Files.createTempDirectory(parent, "rkproxy-bench.");
            Files.createDirectories(dir.resolve("raw"));
            return new Workspace(dir);
        } catch (IOException e) {
            throw new BenchException("cannot create the working directory: " + e.getMessage());
        }
    }

    Path dir() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** Writes a file of the directory (a config): its path. */
    Path write(String name, String text) {
        Path file = file(name);
        try {
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new BenchException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Where a load generator run writes its output. */
    Path raw(String name) {
        return dir.resolve("raw").resolve(name);
    }

    /** Keeps the directory (and says where) or deletes it. */
    void close(boolean keep) {
        if (keep) {
            Log.info("logs and configs kept in " + dir);
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            Log.info("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
