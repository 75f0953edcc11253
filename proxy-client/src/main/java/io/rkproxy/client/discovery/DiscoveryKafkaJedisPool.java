package io.rkproxy.client.discovery;

import io.rkproxy.client.jedis.KafkaJedis;
import io.rkproxy.client.jedis.KafkaJedisPool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link KafkaJedis} connections spread over the live rkproxy nodes that ZooKeeper lists under
 * {@code <root>/nodes}: one {@link KafkaJedisPool} per node, and {@link #getResource()} takes from them in turn. A
 * node that registers gets a pool; the pool of a node that leaves is closed (connections lent out are closed when
 * given back). A node that refuses connections before its registration is gone is skipped.
 */
public final class DiscoveryKafkaJedisPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryKafkaJedisPool.class);

    private final String root;
    private final GenericObjectPoolConfig<KafkaJedis> poolConfig;
    private final JedisClientConfig clientConfig;
    private final Map<String, NodePool> pools = new TreeMap<>();
    private final AtomicInteger turn = new AtomicInteger();
    private final ProxyNodeWatcher watcher;
    private volatile List<NodePool> live = List.of();
    private boolean closed;

    /**
     * Follows {@code root} with {@code zookeeper} (started; closing this pool leaves it open), waiting up to its
     * connection timeout for the nodes registered now. Each node's pool gets {@code poolConfig}, each connection
     * {@code clientConfig} (password, timeouts).
     */
    public DiscoveryKafkaJedisPool(CuratorFramework zookeeper, String root,
                                   GenericObjectPoolConfig<KafkaJedis> poolConfig, JedisClientConfig clientConfig) {
        this.root = root;
        this.poolConfig = poolConfig;
        this.clientConfig = clientConfig;
        this.watcher = new ProxyNodeWatcher(zookeeper, root, new ProxyNodeWatcher.Listener() {
            @Override
            public void nodeUp(ProxyNode node) {
                added(node);
            }

            @Override
            public void nodeDown(ProxyNode node) {
                removed(node);
            }
        });
        Duration wait = Duration.ofMillis(zookeeper.getZookeeperClient().getConnectionTimeoutMs());
        try {
            if (!watcher.start(wait)) {
                log.warn("no node list from ZooKeeper under {} within {} ms; nodes are added as they are seen",
                        root, wait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public DiscoveryKafkaJedisPool(CuratorFramework zookeeper, String root, JedisClientConfig clientConfig) {
        this(zookeeper, root, KafkaJedisPool.defaultConfig(), clientConfig);
    }

    /**
     * A connection to the next live node in turn; its {@code close()} gives it back. A node whose pool cannot lend
     * one (it refuses connections, or is exhausted) is skipped for the next; when none can, the last failure is
     * thrown, and with no node at all a {@link JedisConnectionException}.
     */
    public KafkaJedis getResource() {
        List<NodePool> nodes = live;
        if (nodes.isEmpty()) {
            throw new JedisConnectionException("no live rkproxy node registered under " + root + "/nodes");
        }
        int first = Math.floorMod(turn.getAndIncrement(), nodes.size());
        JedisException failure = null;
        for (int i = 0; i < nodes.size(); i++) {
            NodePool candidate = nodes.get((first + i) % nodes.size());
            try {
                return candidate.pool().getResource();
            } catch (JedisException e) {
                log.debug("rkproxy node {} could not lend a connection", candidate.node().address(), e);
                failure = e;
            }
        }
        throw failure;
    }

    /** The live nodes, by id. */
    public List<ProxyNode> nodes() {
        return live.stream().map(NodePool::node).toList();
    }

    private synchronized void added(ProxyNode node) {
        if (closed) {
            return;
        }
        NodePool replaced = pools.put(node.id(), new NodePool(node,
                new KafkaJedisPool(poolConfig, new HostAndPort(node.host(), node.port()), clientConfig)));
        if (replaced != null) {
            replaced.pool().close();
        }
        log.info("rkproxy node {} at {} is up", node.id(), node.address());
        publish();
    }

    private synchronized void removed(ProxyNode node) {
        NodePool gone = pools.remove(node.id());
        if (gone != null) {
            gone.pool().close();
            log.info("rkproxy node {} at {} is gone", node.id(), node.address());
            publish();
        }
    }

    private void publish() {
        live = List.copyOf(pools.values());
    }

    /** Stops following ZooKeeper and closes every node's pool. */
    @Override
    public void close() {
        watcher.close();
        synchronized (this) {
            closed = true;
            pools.values().forEach(p -> p.pool().close());
            pools.clear();
            publish();
        }
    }

    private record NodePool(ProxyNode node, KafkaJedisPool pool) {
    }
}
