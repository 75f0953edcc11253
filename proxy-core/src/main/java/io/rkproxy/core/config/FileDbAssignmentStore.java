package io.rkproxy.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keeps assignments in a YAML state file next to the config: {@code rkproxy.yaml} gets {@code rkproxy.state.yaml}.
 * Written atomically (temp file, then rename).
 */
public final class FileDbAssignmentStore implements DbAssignmentStore {

    private static final String KEY = "db-assignments";
    private final Path file;

    public FileDbAssignmentStore(Path file) {
        this.file = file;
    }

    /** The state file that belongs to a config file. */
    public static FileDbAssignmentStore besides(Path configFile) {
        String name = configFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return new FileDbAssignmentStore(configFile.resolveSibling(base + ".state.yaml"));
    }

    public Path file() {
        return file;
    }

    @Override
    public DbAssignments load() throws IOException {
        if (!Files.exists(file)) {
            return DbAssignments.EMPTY;
        }
        Object doc;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (RuntimeException e) {
            throw new IOException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        Map<String, Map<String, Integer>> byPool = new LinkedHashMap<>();
        if (doc instanceof Map<?, ?> root && root.get(KEY) instanceof Map<?, ?> pools) {
            for (Map.Entry<?, ?> pool : pools.entrySet()) {
                if (!(pool.getValue() instanceof Map<?, ?> tenants)) {
                    throw new IOException(file + ": " + KEY + "." + pool.getKey() + ": must be a mapping");
                }
                Map<String, Integer> dbs = new LinkedHashMap<>();
                for (Map.Entry<?, ?> t : tenants.entrySet()) {
                    if (!(t.getValue() instanceof Integer db)) {
                        throw new IOException(file + ": " + KEY + "." + pool.getKey() + "." + t.getKey()
                                + ": must be a db index");
                    }
                    dbs.put(String.valueOf(t.getKey()), db);
                }
                byPool.put(String.valueOf(pool.getKey()), dbs);
            }
        } else if (doc != null) {
            throw new IOException(file + ": expected a '" + KEY + "' mapping");
        }
        return new DbAssignments(byPool);
    }

    @Override
    public void save(DbAssignments assignments) throws IOException {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String body = "# Written by rkproxy: the stable db of each 'db: auto' tenant, per pool.\n"
                + "# Keep it next to the config. Entries of removed tenants keep their db reserved.\n"
                + new Yaml(options).dump(Map.of(KEY, assignments.byPool()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, body, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
