package io.rkproxy.zookeeper;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.NodeFile;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.config.SourceConfig;
import io.rkproxy.core.config.ZooKeeperAuth;
import io.rkproxy.core.reload.ConfigSource;
import io.rkproxy.core.reload.Fleet;
import io.rkproxy.core.reload.FleetMember;
import io.rkproxy.core.reload.TenantEditor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pools and tenants from ZooKeeper, {@code server:}, {@code admin:} and {@code config:} from the local file. A load
 * assembles one document from both and validates it exactly as a file is validated.
 *
 * <p>ZooKeeper must be reachable at startup (within the session timeout). Later, while it is away, loads are
 * refused at once and the proxy serves the last good config; on reconnect the cache resyncs and the config is
 * loaded again. Changes are seen through a {@link CuratorCache} on the root.
 */
public final class ZooKeeperConfigSource implements ConfigSource {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperConfigSource.class);
    /** Loads in a row that may lose a db assignment race to other nodes before giving up. */
    private static final int ASSIGNMENT_ATTEMPTS = 5;

    private final Path localFile;
    private final ConfigLoader loader;
    private final SourceConfig settings;
    private final ZkPaths paths;
    private final CuratorFramework client;
    private final CuratorCache cache;
    private final ZkConfigTree tree;
    private final CountDownLatch cacheReady = new CountDownLatch(1);
    private final ChangeRelay relay = new ChangeRelay();
    private volatile boolean reachedOnce;
    private ZkFleet fleet;

    public ZooKeeperConfigSource(Path localFile, ConfigLoader loader, SourceConfig settings) {
        this.localFile = localFile.toAbsolutePath().normalize();
        this.loader = loader;
        this.settings = settings;
        this.paths = new ZkPaths(settings.zkRoot());
        this.client = ZkClients.start(settings.zkConnect(), settings.zkSessionTimeout(), settings.zkAuth(),
                settings.zkAcl());
        this.tree = new ZkConfigTree(client, paths);
        client.getConnectionStateListenable().addListener((c, state) -> connectionChanged(state));
        this.cache = CuratorCache.build(client, paths.root());
        cache.listenable().addListener(CuratorCacheListener.builder().forInitialized(cacheReady::countDown).build());
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, before, after) -> entryChanged(after != null ? after : before))
                .afterInitialized()
                .build());
        cache.start();
    }

    @Override
    public String describe() {
        return "zookeeper " + settings.zkConnect() + paths.root();
    }

    @Override
    public ProxyConfig load() throws ConfigException {
        Map<String, Object> sections = NodeFile.read(localFile).sections();
        awaitConnection();
        ConfigEntries entries;
        try {
            entries = tree.read();
        } catch (ConfigException e) {
            throw e;
        } catch (KeeperException.NoAuthException e) {
            throw new ConfigException(describe() + ": ZooKeeper refuses " + settings.zkAuth()
                    .map(ZooKeeperAuth::toString).orElse("an unauthenticated client") + " access to " + e.getPath()
                    + " (NoAuth): check config.zookeeper.auth against the ACL of the znodes");
        } catch (Exception e) {
            throw new ConfigException(describe() + ": cannot read pools and tenants: " + e.getMessage());
        }
        Map<String, Object> document = entries.document(sections);
        for (int attempt = 1; ; attempt++) {
            ZkDbAssignmentStore assignments = new ZkDbAssignmentStore(client, paths);
            try {
                return loader.load(describe(), document, assignments);
            } catch (ConfigException e) {
                if (!assignments.conflicted() || attempt == ASSIGNMENT_ATTEMPTS) {
                    throw e;
                }
                log.info("{}: another node assigned dbs meanwhile; loading again to take up its choices",
                        describe());
            }
        }
    }

    /** At the first load, waits (bounded) for ZooKeeper; after that, refuses to load while it is away. */
    private void awaitConnection() throws ConfigException {
        if (reachedOnce) {
            if (!client.getZookeeperClient().isConnected()) {
                throw new ConfigException(describe() + ": not connected to ZooKeeper; the last good config keeps "
                        + "serving until it is back");
            }
            return;
        }
        Duration wait = settings.zkSessionTimeout();
        try {
            if (!ZkClients.awaitConnected(client, wait) || !cacheReady.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ConfigException(describe() + ": cannot reach ZooKeeper within " + wait.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException(describe() + ": interrupted while connecting to ZooKeeper");
        }
        reachedOnce = true;
    }

    private void entryChanged(ChildData node) {
        if (paths.isConfigEntry(node.getPath())) {
            relay.changed();
        }
    }

    private void connectionChanged(ConnectionState state) {
        switch (state) {
            case CONNECTED -> log.info("{}: connected", describe());
            case SUSPENDED -> log.warn("{}: connection lost; serving the last good config", describe());
            case LOST -> log.warn("{}: session lost; serving the last good config until ZooKeeper is back",
                    describe());
            case RECONNECTED -> {
                log.info("{}: reconnected; loading the config again", describe());
                relay.changed();
            }
        }
    }

    @Override
    public Optional<TenantEditor> tenantEditor() {
        return Optional.of(new ZkTenantEditor(client, paths, localFile, loader, describe()));
    }

    @Override
    public void watch(Runnable changed) {
        relay.watch(changed);
    }

    @Override
    public Optional<Boolean> connected() {
        return Optional.of(client.getZookeeperClient().isConnected());
    }

    /** Registers this node under {@code <root>/nodes} and lists the nodes registered there. */
    @Override
    public synchronized Fleet fleet(FleetMember self) {
        if (fleet != null) {
            throw new IllegalStateException(describe() + ": this node is registered already");
        }
        fleet = new ZkFleet(client, cache, paths, self);
        return fleet;
    }

    /** Deregisters this node and disconnects. */
    @Override
    public synchronized void close() {
        if (fleet != null) {
            fleet.close();
        }
        cache.close();
        client.close();
    }
}
