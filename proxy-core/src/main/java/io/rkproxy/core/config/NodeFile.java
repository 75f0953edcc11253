package io.rkproxy.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's own config file, checked whole before any source is opened, so that one run reports every problem the
 * file has, each labelled with the file. Its {@code server:}, {@code admin:} and {@code config:} sections and its
 * top-level keys are always checked. Its pools and tenants are checked with the file source; with the ZooKeeper
 * source, having any is itself a problem, since they would be ignored.
 *
 * @param sections the file's top-level sections as parsed
 */
public record NodeFile(Path path, SourceConfig source, Map<String, Object> sections) {

    public NodeFile {
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    public static NodeFile read(Path file) throws ConfigException {
        Path path = file.toAbsolutePath().normalize();
        String label = path.toString();
        Object document = ConfigLoader.parse(label, ConfigLoader.readText(path));
        List<String> problems = new ArrayList<>();
        ConfigNode root = ConfigNode.root(label, document, problems);
        SourceConfig source = NodeSections.read(root).source();
        if (source.kind() == SourceConfig.Kind.ZOOKEEPER) {
            for (String entries : List.of(ConfigLoader.POOLS, ConfigLoader.TENANTS)) {
                if (root.has(entries)) {
                    root.problem(entries, "with config.source: zookeeper, pools and tenants live in ZooKeeper under "
                            + source.zkRoot());
                }
            }
        } else {
            ConfigLoader.readEntries(root);
        }
        root.rejectUnknownKeys();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Map<String, Object> sections = new LinkedHashMap<>();
        if (document instanceof Map<?, ?> map) {
            map.forEach((key, value) -> sections.put((String) key, value));
        }
        return new NodeFile(path, source, sections);
    }
}
