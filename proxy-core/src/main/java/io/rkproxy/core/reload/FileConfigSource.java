package io.rkproxy.core.reload;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.ProxyConfig;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local YAML file. It is watched through its directory, so that editors that write a new file and rename it
 * over the old one are seen too.
 */
public final class FileConfigSource implements ConfigSource {

    private static final Logger log = LoggerFactory.getLogger(FileConfigSource.class);

    private final Path file;
    private final ConfigLoader loader;
    private final TenantEditor editor;
    private WatchService watcher;

    public FileConfigSource(Path file, ConfigLoader loader) {
        this.file = file.toAbsolutePath().normalize();
        this.loader = loader;
        this.editor = new FileTenantEditor(this.file, loader);
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    public ProxyConfig load() throws ConfigException {
        return loader.load(file);
    }

    @Override
    public Optional<TenantEditor> tenantEditor() {
        return Optional.of(editor);
    }

    @Override
    public synchronized void watch(Runnable changed) {
        try {
            watcher = FileSystems.getDefault().newWatchService();
            file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            log.warn("cannot watch {}: changes are applied only on reload ({})", file, e.getMessage());
            return;
        }
        WatchService service = watcher;
        Thread thread = new Thread(() -> follow(service, changed), "rkproxy-config-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(WatchService service, Runnable changed) {
        try {
            while (true) {
                WatchKey key = service.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW
                            || file.getFileName().equals(event.context())) {
                        changed.run();
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                log.debug("closing the watch of {}", file, e);
            }
        }
    }
}
