package io.rkproxy.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.NodeFile;
import io.rkproxy.core.config.PoolProbe;
import io.rkproxy.core.config.ZnodeAcl;
import io.rkproxy.core.config.ZooKeeperAuth;
import io.rkproxy.core.reload.ConfigSource;
import io.rkproxy.core.reload.FleetMember;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that authenticates to a real ZooKeeper with a digest, and the ACLs of the znodes written there: by the
 * operator (as the {@code zk} tool writes them) and by the node itself (its registration, its db assignments).
 */
class ZnodeAclTest {

    @RegisterExtension
    static final ZkTestbed zk = new ZkTestbed();
    private static final ZooKeeperAuth RK = new ZooKeeperAuth("rk", "rk-secret");
    private static final String AUTH = """
                auth:
                  user: rk
                  password: %s
            """;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<TestingServer> ownServers = new ArrayList<>();
    private CuratorFramework operator;
    private String root;

    @TempDir
    Path dir;

    @BeforeEach
    void freshRoot() throws Exception {
        // the parent of every test's root stays open, whichever test runs first
        ZkClients.ensurePath(zk.client, "/rkproxy");
        root = zk.newRoot();
    }

    /** The clients first: closing one whose ZooKeeper is gone would wait for it. */
    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        for (TestingServer server : ownServers) {
            server.close();
        }
    }

    private TestingServer closedLast(TestingServer server) {
        ownServers.add(server);
        return server;
    }

    private void push(ZnodeAcl acl, String tenants) throws Exception {
        push(zk.server.getConnectString(), acl, tenants);
    }

    /** Writes the pools and tenants as the {@code zk} tool does, authenticated as {@code rk}, with {@code acl}. */
    private void push(String connect, ZnodeAcl acl, String tenants) throws Exception {
        operator = ZkClients.start(connect, Duration.ofSeconds(5), Optional.of(RK), acl);
        opened.add(operator);
        operator.blockUntilConnected();
        ZkConfigTree tree = new ZkConfigTree(operator, new ZkPaths(root));
        ZkSnapshot now = tree.snapshot();
        tree.write(now, now.changesTo(ConfigEntries.of(ConfigLoader.parse("test",
                "pools:\n  cache:\n    type: redis\n    nodes: [\"127.0.0.1:6379\"]\ntenants:\n" + tenants))));
    }

    private ConfigSource node(String zookeeperKeys) throws Exception {
        return node(zk.server.getConnectString(), zookeeperKeys);
    }

    private ConfigSource node(String connect, String zookeeperKeys) throws Exception {
        Path local = ZkTestbed.localFile(dir, connect, root, zookeeperKeys, "");
        ConfigSource source = new ZooKeeperConfigSource(local, new ConfigLoader(PoolProbe.OFFLINE),
                NodeFile.read(local).source());
        opened.add(source);
        return source;
    }

    private static List<ACL> rkOnly() throws Exception {
        return List.of(new ACL(ZooDefs.Perms.ALL,
                new Id("digest", DigestAuthenticationProvider.generateDigest("rk:rk-secret"))));
    }

    /** Asked as {@code rk}: ZooKeeper shows an ACL only to whom it grants READ. */
    private List<ACL> aclOf(String path) throws Exception {
        return operator.getACL().forPath(path);
    }

    /** Waits for {@code id}'s registration; the session that holds it. */
    private long awaitRegistered(String id) throws Exception {
        return awaitRegisteredBy(id, session -> true);
    }

    /** Waits for {@code id}'s registration by a session {@code which} accepts; that session. */
    private long awaitRegisteredBy(String id, LongPredicate which) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Stat registration = registration(id);
            if (registration != null && which.test(registration.getEphemeralOwner())) {
                return registration.getEphemeralOwner();
            }
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + id + " to register");
            Thread.sleep(20);
        }
    }

    /** {@code id}'s registration; none while the operator's own connection is being re-established. */
    private Stat registration(String id) throws Exception {
        try {
            return operator.checkExists().forPath(root + "/nodes/" + id);
        } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException e) {
            return null;
        }
    }

    @Test
    void aNodeWithTheDigestLoadsTenantZnodesThatOnlyItsUserMayRead() throws Exception {
        push(ZnodeAcl.CREATOR, "  alice: {password: alice-secret, pool: cache, db: 1}\n");

        assertEquals("alice", node(AUTH.formatted("rk-secret")).load().tenant("alice").orElseThrow().name());
        for (String path : List.of(root, root + "/tenants", root + "/tenants/alice", root + "/pools/cache")) {
            assertEquals(rkOnly(), aclOf(path), path);
        }
    }

    @Test
    void tenantZnodesAreUnreadableWithoutTheDigest() throws Exception {
        push(ZnodeAcl.CREATOR, "  alice: {password: alice-secret, pool: cache, db: 1}\n");

        assertThrows(KeeperException.NoAuthException.class,
                () -> zk.client.getData().forPath(root + "/tenants/alice"));
        assertThrows(KeeperException.NoAuthException.class, () -> zk.client.getChildren().forPath(root + "/tenants"));
    }

    @Test
    void membershipAndDbAssignmentZnodesGetTheCreatorAcl() throws Exception {
        push(ZnodeAcl.CREATOR, "  bob: {password: bob-secret, pool: cache, db: auto}\n");
        ConfigSource node = node(AUTH.formatted("rk-secret"));

        node.load();
        node.fleet(new FleetMember("node-1", "127.0.0.1:7001", "1.0", 1_000L));
        awaitRegistered("node-1");

        for (String path : List.of(root + "/assignments", root + "/assignments/cache", root + "/nodes",
                root + "/nodes/node-1")) {
            assertEquals(rkOnly(), aclOf(path), path);
            assertThrows(KeeperException.NoAuthException.class, () -> zk.client.getData().forPath(path), path);
        }
    }

    @Test
    void onANewSessionANodeAuthenticatesAgainToRegisterAndRead() throws Exception {
        TestingServer first = closedLast(new TestingServer(true));
        String connect = first.getConnectString();
        push(connect, ZnodeAcl.CREATOR, "");
        ConfigSource node = node(connect, AUTH.formatted("rk-secret"));
        node.load();
        node.fleet(new FleetMember("node-1", "127.0.0.1:7001", "1.0", 1_000L));
        long firstSession = awaitRegistered("node-1");

        // a ZooKeeper without the old data knows no session of the node's: it must start a new one
        first.close();
        closedLast(new TestingServer(first.getPort(), true));

        awaitRegisteredBy("node-1", session -> session != firstSession);
        assertEquals(rkOnly(), aclOf(root + "/nodes/node-1"));
        push(connect, ZnodeAcl.CREATOR, "  alice: {password: alice-secret, pool: cache, db: 1}\n");
        assertEquals("alice", node.load().tenant("alice").orElseThrow().name());
    }

    @Test
    void aNodeWithTheWrongPasswordFailsToLoadAtOnceNamingItsUser() throws Exception {
        push(ZnodeAcl.CREATOR, "  alice: {password: alice-secret, pool: cache, db: 1}\n");
        ConfigSource node = node(AUTH.formatted("not-rk-secret"));

        long started = System.nanoTime();
        ConfigException e = assertThrows(ConfigException.class, node::load);

        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println(e.getMessage() + " (" + elapsedMs + " ms)");
        assertEquals(node.describe() + ": ZooKeeper refuses digest user 'rk' access to " + root
                + "/pools (NoAuth): check config.zookeeper.auth against the ACL of the znodes", e.getMessage());
        assertTrue(elapsedMs < 3_000, "failed in " + elapsedMs + " ms, before the 3 s session timeout");
    }

    @Test
    void aNodeWithoutAuthIsRefusedAsUnauthenticated() throws Exception {
        push(ZnodeAcl.CREATOR, "  alice: {password: alice-secret, pool: cache, db: 1}\n");
        ConfigSource node = node("");

        ConfigException e = assertThrows(ConfigException.class, node::load);

        assertEquals(node.describe() + ": ZooKeeper refuses an unauthenticated client access to " + root
                + "/pools (NoAuth): check config.zookeeper.auth against the ACL of the znodes", e.getMessage());
    }

    @Test
    void withAclOpenTheZnodesStayWorldReadable() throws Exception {
        push(ZnodeAcl.OPEN, "  bob: {password: bob-secret, pool: cache, db: auto}\n");
        ConfigSource node = node(AUTH.formatted("rk-secret") + "    acl: open\n");

        node.load();
        node.fleet(new FleetMember("node-1", "127.0.0.1:7001", "1.0", 1_000L));
        awaitRegistered("node-1");

        for (String path : List.of(root + "/tenants/bob", root + "/assignments/cache", root + "/nodes/node-1")) {
            assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, aclOf(path), path);
            assertTrue(zk.client.getData().forPath(path).length > 0, path);
        }
    }
}
