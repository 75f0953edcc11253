package io.rkproxy.core.reload;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.FileDbAssignmentStore;
import io.rkproxy.core.config.ReadOnlyAssignments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Edits a tenant in the config file by replacing its block of lines ({@link TenantBlockText}), so the file's
 * comments stay. The edited text must parse to exactly the intended document, else it is refused; the new file
 * replaces the old ({@link FileReplacement}: its permissions kept, a symlink followed), and only if the file still
 * holds what was read.
 */
final class FileTenantEditor implements TenantEditor {

    private final Path file;
    private final ConfigLoader loader;

    FileTenantEditor(Path file, ConfigLoader loader) {
        this.file = file;
        this.loader = loader;
    }

    @Override
    public Map<String, Object> entries() throws ConfigException {
        return tenants(ConfigLoader.parse(file.toString(), read()));
    }

    @Override
    public synchronized TenantEdit edit(String name, Change change)
            throws ConfigException, EditConflict {
        String text = read();
        Object document = ConfigLoader.parse(file.toString(), text);
        Object before = tenants(document).get(name);
        Object after = change.apply(before);
        String edited = TenantBlockText.with(file.toString(), text, name, after);
        Object expected = withTenant(document, name, after);
        Object written = parsedWithoutDuplicates(edited);
        if (!Objects.equals(expected, written)) {
            throw new ConfigException(file + ": the console cannot place tenant " + name + " in this file's layout "
                    + "without changing something else; edit the file by hand");
        }
        try {
            loader.load(file.toString(), written,
                    new ReadOnlyAssignments(FileDbAssignmentStore.besides(file).load()));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read db assignments: " + e.getMessage());
        }
        if (!read().equals(text)) {
            throw new EditConflict(file + " changed while the change was made; nothing was written");
        }
        write(edited);
        return new TenantEdit(name, before, after);
    }

    @Override
    public Path localFile() {
        return file;
    }

    private String read() throws ConfigException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
    }

    private void write(String text) throws ConfigException {
        try {
            FileReplacement.replace(file, text);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot write: " + e.getMessage());
        }
    }

    /**
     * The edited text, parsed refusing a key written twice: a plain load keeps the last silently, so a block the
     * edit failed to find and added again would pass as the intended change.
     */
    private Object parsedWithoutDuplicates(String edited) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            return new Yaml(new SafeConstructor(options)).load(edited);
        } catch (RuntimeException e) {
            throw new ConfigException(file + ": the edit would not parse as one document with each key once ("
                    + e.getMessage() + "); edit the file by hand");
        }
    }

    private static Map<String, Object> tenants(Object document) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (document instanceof Map<?, ?> root && root.get("tenants") instanceof Map<?, ?> tenants) {
            tenants.forEach((name, entry) -> out.put(String.valueOf(name), entry));
        }
        return out;
    }

    private static Object withTenant(Object document, String name, Object entry) {
        Map<Object, Object> root = new LinkedHashMap<>(document instanceof Map<?, ?> m ? m : Map.of());
        Map<Object, Object> tenants = new LinkedHashMap<>(root.get("tenants") instanceof Map<?, ?> t ? t : Map.of());
        if (entry == null) {
            tenants.remove(name);
        } else {
            tenants.put(name, entry);
        }
        root.put("tenants", tenants);
        return root;
    }
}
