package io.rkproxy.core.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.PoolProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the console's edit replaces the config file: its permissions, a symlink to it, a key it holds twice. */
class FileTenantEditorTest {

    private static final String CONFIG = """
            pools:
              cache: {type: redis, nodes: ["127.0.0.1:6379"]}
            tenants:
              alice: {password: alice-secret, pool: cache, db: 1}
            """;
    private static final TenantEditor.Change ADD_BOB = before -> Map.of("password", "bob-secret", "pool", "cache",
            "db", 2);

    @TempDir
    Path dir;

    private static FileTenantEditor editor(Path file) {
        return new FileTenantEditor(file, new ConfigLoader(PoolProbe.OFFLINE));
    }

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aConfigOnlyItsOwnerMayReadStaysSoAfterAnEdit() throws Exception {
        Path file = Files.writeString(dir.resolve("rkproxy.yaml"), CONFIG);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        editor(file).edit("bob", ADD_BOB);

        assertTrue(Files.readString(file).contains("    password: bob-secret\n"), Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of("rkproxy.yaml"), names(dir), "no temporary file left beside it");
    }

    @Test
    void aSymlinkedConfigStaysALinkAndItsTargetIsEdited() throws Exception {
        Path target = Files.writeString(Files.createDirectory(dir.resolve("real")).resolve("rkproxy.yaml"), CONFIG);
        Path link = Files.createSymbolicLink(dir.resolve("rkproxy.yaml"), target);

        editor(link).edit("bob", ADD_BOB);

        assertTrue(Files.isSymbolicLink(link), "still a link");
        assertEquals(target, Files.readSymbolicLink(link));
        assertTrue(Files.readString(target).contains("  bob:\n"), Files.readString(target));
        assertEquals(List.of("rkproxy.yaml"), names(target.getParent()));
    }

    @Test
    void anEditOfAFileThatHoldsATenantTwiceIsRefusedAndWritesNothing() throws Exception {
        String twice = CONFIG + "  alice: {password: alice-2, pool: cache, db: 1}\n";
        Path file = Files.writeString(dir.resolve("rkproxy.yaml"), twice);

        ConfigException refused = assertThrows(ConfigException.class, () -> editor(file).edit("bob", ADD_BOB));

        assertTrue(refused.getMessage().contains("each key once"), refused.getMessage());
        assertEquals(twice, Files.readString(file));
    }
}
