package io.rkproxy.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.core.config.NodeFile;
import io.rkproxy.core.config.PoolProbe;
import io.rkproxy.core.config.ProxyConfig;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.reload.ConfigSource;
import io.rkproxy.core.reload.Fleet;
import io.rkproxy.core.reload.FleetMember;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ZooKeeperConfigSourceTest {

    @RegisterExtension
    static final ZkTestbed zk = new ZkTestbed();
    private final List<ConfigSource> opened = new ArrayList<>();
    private String root;

    @TempDir
    Path dir;

    @BeforeEach
    void freshRoot() throws Exception {
        root = zk.newRoot();
        zk.put(root + "/pools/cache", ZkTestbed.POOL);
    }

    @AfterEach
    void closeSources() {
        opened.forEach(ConfigSource::close);
    }

    private ConfigSource open(Path localFile) throws ConfigException {
        ConfigSource source = new ZooKeeperConfigSource(localFile, new ConfigLoader(PoolProbe.OFFLINE),
                NodeFile.read(localFile).source());
        opened.add(source);
        return source;
    }

    private ConfigSource open() throws Exception {
        return open(zk.localFile(dir, root, ""));
    }

    private void putTenant(String name, String yaml) throws Exception {
        zk.put(root + "/tenants/" + name, yaml);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** True once a load is refused at once for want of ZooKeeper (a load racing the loss fails otherwise). */
    private static boolean refusesToLoad(ConfigSource source) {
        try {
            source.load();
            return false;
        } catch (ConfigException e) {
            return e.getMessage().equals(source.describe() + ": not connected to ZooKeeper; the last good config "
                    + "keeps serving until it is back");
        }
    }

    private static Map<String, Integer> dbs(ProxyConfig config) {
        return config.tenants().values().stream().collect(Collectors.toMap(TenantConfig::name, TenantConfig::db));
    }

    @Test
    void loadsPoolsAndTenantsFromZnodes() throws Exception {
        putTenant("alice", "password: alice-secret\npool: cache\ndb: 3\nread-only: true\n");
        ConfigSource source = open();

        ProxyConfig config = source.load();

        assertEquals(Set.of("cache"), config.pools().keySet());
        TenantConfig alice = config.tenant("alice").orElseThrow();
        assertEquals(3, alice.db());
        assertTrue(alice.readOnly());
        assertEquals("zookeeper " + zk.server.getConnectString() + root, source.describe());
        assertEquals(source.describe(), config.source());
    }

    @Test
    void aZnodeWithBadYamlIsRejectedNamingTheZnode() throws Exception {
        putTenant("alice", "password: [unclosed\n");
        ConfigSource source = open();

        ConfigException e = assertThrows(ConfigException.class, source::load);

        assertTrue(e.getMessage().startsWith("znode " + root + "/tenants/alice: not valid YAML"), e.getMessage());
    }

    @Test
    void znodesAreValidatedWholeLikeAFile() throws Exception {
        putTenant("alice", "password: alice-secret\npool: nope\n");
        ConfigSource source = open();

        ConfigException e = assertThrows(ConfigException.class, source::load);

        assertEquals(List.of(source.describe() + ": tenants.alice.pool: no redis pool named 'nope' (redis pools: "
                + "cache)"), e.problems());
    }

    @Test
    void aLocalFileWithPoolsIsRejectedUnderSourceZookeeper() throws Exception {
        Path local = zk.localFile(dir, root, "pools:\n  other:\n    type: redis\n    nodes: [\"127.0.0.1:6379\"]\n");

        ConfigException e = assertThrows(ConfigException.class, () -> open(local));

        assertEquals(local.toAbsolutePath() + ": pools: with config.source: zookeeper, pools and tenants live in "
                + "ZooKeeper under " + root, e.getMessage());
    }

    @Test
    void aLocalFileBrokenAfterStartIsReportedAgainstTheFileNotZooKeeper() throws Exception {
        Path local = zk.localFile(dir, root, "");
        ConfigSource source = open(local);
        source.load();
        Files.writeString(local, Files.readString(local) + "server:\n  port: 70000\n");

        ConfigException e = assertThrows(ConfigException.class, source::load);

        assertEquals(List.of(local.toAbsolutePath() + ": server.port: 70000 is out of range 0..65535"), e.problems());
    }

    @Test
    void startupFailsClearlyWhenZooKeeperCannotBeReached() throws Exception {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        Path local = dir.resolve("unreachable.yaml");
        Files.writeString(local, """
                config:
                  source: zookeeper
                  zookeeper:
                    connect: "127.0.0.1:%d"
                    root: /rkproxy
                    session-timeout-ms: 1000
                """.formatted(unused));
        ConfigSource source = open(local);

        long started = System.nanoTime();
        ConfigException e = assertThrows(ConfigException.class, source::load);

        assertEquals(source.describe() + ": cannot reach ZooKeeper within 1000 ms", e.getMessage());
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "bounded by the session timeout");
    }

    @Test
    void dbAutoAssignmentsAreStoredUnderAssignmentsAndStableAcrossTwoSources() throws Exception {
        putTenant("bob", "password: b\npool: cache\ndb: auto\n");
        putTenant("carol", "password: c\npool: cache\ndb: auto\n");
        ConfigSource first = open();
        ConfigSource second = open();

        assertEquals(Map.of("bob", 1, "carol", 2), dbs(first.load()));
        assertEquals("bob: 1\ncarol: 2\n", zk.get(root + "/assignments/cache"));

        putTenant("aaron", "password: a\npool: cache\ndb: auto\n");
        assertEquals(Map.of("aaron", 3, "bob", 1, "carol", 2), dbs(second.load()));
        assertEquals(dbs(second.load()), dbs(first.load()));
    }

    @Test
    void twoSourcesAssigningNewTenantsAtOnceAgree() throws Exception {
        ConfigSource first = open();
        ConfigSource second = open();
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                for (String name : List.of("a" + round, "b" + round, "c" + round)) {
                    putTenant(name, "password: " + name + "\npool: cache\ndb: auto\n");
                }
                List<Callable<ProxyConfig>> loads = List.of(first::load, second::load);
                List<Future<ProxyConfig>> done = both.invokeAll(loads);
                assertEquals(dbs(done.get(0).get()), dbs(done.get(1).get()), "round " + round);
            }
        } finally {
            both.shutdownNow();
        }
    }

    @Test
    void membershipListsRegisteredNodesAndDropsAClosedOne() throws Exception {
        ConfigSource first = open();
        ConfigSource second = open();
        FleetMember one = new FleetMember("node-1", "127.0.0.1:7001", "1.0", 1_000L);
        FleetMember two = new FleetMember("node-2", "127.0.0.1:7002", "1.1", 2_000L);
        Fleet fleet = first.fleet(one);
        second.fleet(two);

        await(() -> fleet.members().size() == 2, "both nodes registered");
        assertEquals(Set.of(one, two), Set.copyOf(fleet.members()));

        second.close();
        await(() -> fleet.members().equals(List.of(one)), "the closed node gone");
    }

    @Test
    void aChangedTenantZnodeCallsChanged() throws Exception {
        putTenant("alice", "password: alice-secret\npool: cache\n");
        ConfigSource source = open();
        source.load();
        AtomicInteger changes = new AtomicInteger();
        source.watch(changes::incrementAndGet);

        putTenant("alice", "password: alice-secret\npool: cache\nread-only: true\n");

        await(() -> changes.get() > 0, "a change notice");
    }

    @Test
    void whileZooKeeperIsAwayLoadsAreRefusedAndTheReconnectAsksForALoad() throws Exception {
        try (TestingServer own = new TestingServer(true)) {
            ConfigSource source = open(ZkTestbed.localFile(dir, own.getConnectString(), root, ""));
            source.load();
            AtomicInteger changes = new AtomicInteger();
            source.watch(changes::incrementAndGet);

            own.stop();
            await(() -> refusesToLoad(source), "loads refused while ZooKeeper is away");
            own.restart();

            await(() -> changes.get() > 0, "a change notice on reconnect");
            assertTrue(source.load().tenants().isEmpty());
        }
    }

    @Test
    void closingWhileZooKeeperIsAwayDoesNotWaitForIt() throws Exception {
        try (TestingServer own = new TestingServer(true)) {
            ConfigSource source = open(ZkTestbed.localFile(dir, own.getConnectString(), root, ""));
            source.load();
            source.fleet(new FleetMember("node-1", "127.0.0.1:7001", "1.0", 1_000L));
            own.stop();
            await(() -> refusesToLoad(source), "the connection loss noticed");

            long started = System.nanoTime();
            source.close();

            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            // Curator gives its background work up to a second; what must not happen is waiting out the session
            assertTrue(elapsedMs < 3_000, "closed in " + elapsedMs + " ms, before the 3 s session would expire");
        }
    }
}
