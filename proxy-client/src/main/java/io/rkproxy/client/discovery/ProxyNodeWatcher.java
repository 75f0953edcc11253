package io.rkproxy.client.discovery;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.ZKPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the live rkproxy nodes: each registers an ephemeral znode under {@code <root>/nodes}, which goes when
 * the node stops or its ZooKeeper session expires. Tells a {@link Listener} of every node that comes or goes, on
 * one thread, in order.
 */
public final class ProxyNodeWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxyNodeWatcher.class);

    /** Called on the watcher's thread. */
    public interface Listener {

        void nodeUp(ProxyNode node);

        void nodeDown(ProxyNode node);
    }

    private final String nodesPath;
    private final CuratorCache cache;
    private final CountDownLatch initialized = new CountDownLatch(1);

    /** {@code zookeeper} must be started; closing the watcher leaves it open. */
    public ProxyNodeWatcher(CuratorFramework zookeeper, String root, Listener listener) {
        this.nodesPath = ZKPaths.makePath(root, "nodes");
        this.cache = CuratorCache.build(zookeeper, nodesPath);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(data -> node(data).ifPresent(listener::nodeUp))
                .forChanges((before, after) -> {
                    Optional<ProxyNode> was = node(before);
                    Optional<ProxyNode> now = node(after);
                    if (!was.equals(now)) {
                        was.ifPresent(listener::nodeDown);
                        now.ifPresent(listener::nodeUp);
                    }
                })
                .forDeletes(data -> node(data).ifPresent(listener::nodeDown))
                .forInitialized(initialized::countDown)
                .build());
    }

    /** Starts following and waits, at most {@code timeout}, for the nodes registered now; false if not in time. */
    public boolean start(Duration timeout) throws InterruptedException {
        cache.start();
        return initialized.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Optional<ProxyNode> node(ChildData data) {
        if (!ZKPaths.getPathAndNode(data.getPath()).getPath().equals(nodesPath)) {
            return Optional.empty(); // the nodes znode itself
        }
        String id = ZKPaths.getNodeFromPath(data.getPath());
        Optional<ProxyNode> node = ProxyNode.fromRegistration(id, data.getData());
        if (node.isEmpty()) {
            log.warn("znode {} holds no proxy address; left out", data.getPath());
        }
        return node;
    }

    @Override
    public void close() {
        cache.close();
    }
}
