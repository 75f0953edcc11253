package io.rkproxy.core.reload;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.runtime.ProxyRuntime;
import io.rkproxy.core.runtime.ProxySnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the runtime's snapshot in step with its config source: a change is debounced, then the whole config is
 * loaded and validated, its pools built, and the new snapshot swapped in at once. A config that fails is rejected
 * whole and the last good one keeps serving. Pools that changed or went away are closed once in-flight commands
 * had time to finish. Loads run one at a time, on the reloader's own thread or the caller's.
 */
public final class ConfigReloader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    private final ConfigSource source;
    private final SnapshotFactory snapshots;
    private final ProxyRuntime runtime;
    private final Duration debounce;
    private final Duration drainGrace;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rkproxy-config");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> pending;
    private final List<ProxySnapshot> retiring = new ArrayList<>();
    private volatile ConfigLoadStatus lastLoad;
    private volatile ConfigLoadStatus lastAccepted;

    /** The runtime must have been started with a config loaded from {@code source}. */
    public ConfigReloader(ConfigSource source, SnapshotFactory snapshots, ProxyRuntime runtime, Duration debounce) {
        this.source = source;
        this.snapshots = snapshots;
        this.runtime = runtime;
        this.debounce = debounce;
        this.drainGrace = runtime.server().shutdownTimeout();
        this.lastLoad = new ConfigLoadStatus(Instant.now(), source.describe(), "startup", true, List.of(), 1);
        this.lastAccepted = lastLoad;
    }

    /** Starts following the source. */
    public void start() {
        source.watch(this::changed);
    }

    /** The source may have changed: load it once it has been quiet for the debounce time. */
    private synchronized void changed() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = executor.schedule(() -> reload("watch"), debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Loads the source now; returns the outcome, which is also what {@link #lastLoad()} says next. */
    public synchronized ConfigLoadStatus reload(String trigger) {
        ProxyConfig config;
        ProxySnapshot next;
        ProxySnapshot current = runtime.snapshot();
        long generation = lastAccepted.generation();
        try {
            config = source.load();
            next = snapshots.build(config, current);
        } catch (ConfigException e) {
            log.warn("config from {} ({}) rejected; the last good config keeps serving:\n  {}", source.describe(),
                    trigger, String.join("\n  ", e.problems()));
            return lastLoad = new ConfigLoadStatus(Instant.now(), source.describe(), trigger, false, e.problems(),
                    generation);
        } catch (RuntimeException e) {
            log.warn("config from {} ({}) rejected: its pools could not be built; the last good config keeps serving",
                    source.describe(), trigger, e);
            return lastLoad = new ConfigLoadStatus(Instant.now(), source.describe(), trigger, false,
                    List.of("cannot build pools: " + e), generation);
        }
        List<String> notes = new ArrayList<>();
        if (!config.server().equals(runtime.server()) || !config.admin().equals(current.config().admin())
                || !config.sourceConfig().equals(current.config().sourceConfig())) {
            notes.add("changes to server:, admin: or config: take effect at the next restart");
            log.warn("config from {}: changes to server:, admin: or config: take effect at the next restart",
                    source.describe());
        }
        ProxySnapshot old = runtime.swap(next);
        generation++;
        log.info("config from {} ({}) in force: generation {}, {} pools, {} kafka pools, {} tenants",
                source.describe(), trigger, generation, config.pools().size(), config.kafkaPools().size(),
                config.tenants().size());
        retiring.add(old);
        executor.schedule(() -> retire(old), drainGrace.toMillis(), TimeUnit.MILLISECONDS);
        lastLoad = new ConfigLoadStatus(Instant.now(), source.describe(), trigger, true, notes, generation);
        lastAccepted = lastLoad;
        return lastLoad;
    }

    private synchronized void retire(ProxySnapshot old) {
        if (retiring.remove(old)) {
            SnapshotFactory.retire(old, runtime.snapshot());
        }
    }

    /** {@link #reload} on the reloader's own thread, for callers that must not block. */
    public CompletableFuture<ConfigLoadStatus> reloadAsync(String trigger) {
        try {
            return CompletableFuture.supplyAsync(() -> reload(trigger), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the proxy is shutting down"));
        }
    }

    public ConfigLoadStatus lastLoad() {
        return lastLoad;
    }

    public ConfigLoadStatus lastAccepted() {
        return lastAccepted;
    }

    public String source() {
        return source.describe();
    }

    /** How the console changes a tenant in the source; empty when it cannot. */
    public Optional<TenantEditor> tenantEditor() {
        return source.tenantEditor();
    }

    /** Whether the source's store can be reached now; empty for the file, which has none. */
    public Optional<Boolean> sourceConnected() {
        return source.connected();
    }

    /** Stops following the source and closes the pools still draining; the ones in force are the server's. */
    @Override
    public void close() {
        source.close();
        executor.shutdownNow();
        synchronized (this) {
            retiring.forEach(old -> SnapshotFactory.retire(old, runtime.snapshot()));
            retiring.clear();
        }
    }
}
