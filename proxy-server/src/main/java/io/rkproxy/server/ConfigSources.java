package io.rkproxy.server;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.NodeFile;
import io.rkproxy.core.config.SourceConfig;
import io.rkproxy.core.reload.ConfigSource;
import io.rkproxy.core.reload.FileConfigSource;
import io.rkproxy.zookeeper.ZooKeeperConfigSource;
import java.nio.file.Path;

/** Opens the source a local config file names in its {@code config:} section, once the whole file is sound. */
final class ConfigSources {

    private ConfigSources() {
    }

    static ConfigSource open(Path localFile, ConfigLoader loader) throws ConfigException {
        SourceConfig settings = NodeFile.read(localFile).source();
        return switch (settings.kind()) {
            case FILE -> new FileConfigSource(localFile, loader);
            case ZOOKEEPER -> new ZooKeeperConfigSource(localFile, loader, settings);
        };
    }
}
