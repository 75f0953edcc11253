package io.rkproxy.zookeeper;

import io.rkproxy.core.config.ZnodeAcl;
import io.rkproxy.core.config.ZooKeeperAuth;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;

/** How rkproxy talks to ZooKeeper: the proxy's config source and the {@code zk} tool alike. */
public final class ZkClients {

    /**
     * Few retries: an operation that meets a lost connection fails within about the session timeout rather than
     * holding up a reload for longer; the reconnect loads again anyway.
     */
    private static final ExponentialBackoffRetry RETRY = new ExponentialBackoffRetry(100, 2);

    private ZkClients() {
    }

    /**
     * A started client that authenticates with {@code auth} (again on every new session) and gives the znodes it
     * creates {@code acl}; it connects in the background.
     */
    public static CuratorFramework start(String connect, Duration sessionTimeout, Optional<ZooKeeperAuth> auth,
                                         ZnodeAcl acl) {
        int ms = (int) sessionTimeout.toMillis();
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .sessionTimeoutMs(ms)
                .connectionTimeoutMs(ms)
                .retryPolicy(RETRY)
                .aclProvider(new ZnodeAclProvider(acl));
        auth.ifPresent(a -> builder.authorization(ZooKeeperAuth.SCHEME, a.credentials()));
        CuratorFramework client = builder.build();
        client.start();
        return client;
    }

    /** Waits, at most {@code timeout}, for the first connection; false when ZooKeeper could not be reached. */
    public static boolean awaitConnected(CuratorFramework client, Duration timeout) throws InterruptedException {
        return client.blockUntilConnected((int) timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Creates {@code path} and its parents as persistent znodes, unless they exist. */
    public static void ensurePath(CuratorFramework client, String path) throws Exception {
        if (client.checkExists().forPath(path) != null) {
            return;
        }
        try {
            client.create().creatingParentsIfNeeded().forPath(path, new byte[0]);
        } catch (KeeperException.NodeExistsException e) {
            // created meanwhile: fine
        }
    }
}
