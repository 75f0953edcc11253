package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.zookeeper.ConfigEntries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rkproxy zk push|pull|set-tenant} against a real ZooKeeper. */
class ZkToolTest {

    private static ZooKeeperFleet fleet;

    @TempDir
    Path dir;
    private String out;
    private String err;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        fleet = ZooKeeperFleet.start();
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        fleet.close();
    }

    @BeforeEach
    void freshRoot() throws Exception {
        fleet.newRoot();
    }

    private String config(String tenants) {
        return """
                server:
                  port: 6380
                pools:
                  cache:
                    type: redis
                    nodes: ["%s"]
                tenants:
                """.formatted(fleet.redis().address()) + tenants;
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private int zk(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--zk")) {
            all.addAll(List.of("--zk", fleet.zookeeper().getConnectString(), "--root", fleet.root()));
        }
        int exit = ZkTool.run(all.toArray(String[]::new), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        out = stdout.toString(StandardCharsets.UTF_8);
        err = stderr.toString(StandardCharsets.UTF_8);
        return exit;
    }

    private static ConfigEntries entriesOf(String yaml) throws Exception {
        return ConfigEntries.of(ConfigLoader.parse("test", yaml));
    }

    @Test
    void pushThenPullGivesBackThePoolsAndTenants() throws Exception {
        String config = config("""
                  alice: {password: alice-secret, pool: cache, db: 1}
                  bob: {password: bob-secret, pool: cache, db: auto, read-only: true}
                """);
        Path file = file("rkproxy.yaml", config);

        assertEquals(0, zk("push", "--config", file.toString()), err);
        assertTrue(out.contains("created " + fleet.root() + "/tenants/alice"), out);
        assertEquals(entriesOf(config), fleet.entries());

        assertEquals(0, zk("pull"), err);
        assertEquals(entriesOf(config), entriesOf(out));
        assertEquals(0, zk("pull", "--out", dir.resolve("pulled.yaml").toString()), err);
        assertEquals(entriesOf(config), entriesOf(Files.readString(dir.resolve("pulled.yaml"))));
    }

    @Test
    void pushDeletesWhatTheFileNoLongerHasAndRepeatedChangesNothing() throws Exception {
        zk("push", "--config", file("one.yaml", config("""
                  alice: {password: alice-secret, pool: cache, db: 1}
                  bob: {password: bob-secret, pool: cache, db: 2}
                """)).toString());
        Path smaller = file("two.yaml", config("  alice: {password: alice-secret, pool: cache, db: 1}\n"));

        assertEquals(0, zk("push", "--config", smaller.toString()), err);
        assertEquals("deleted " + fleet.root() + "/tenants/bob\n", out);
        assertEquals(0, zk("push", "--config", smaller.toString()), err);
        assertEquals("nothing to change\n", out);
    }

    @Test
    void setTenantChangesOneTenant() throws Exception {
        zk("push", "--config", file("rkproxy.yaml", config("""
                  alice: {password: alice-secret, pool: cache, db: 1}
                  bob: {password: bob-secret, pool: cache, db: 2}
                """)).toString());
        ConfigEntries before = fleet.entries();
        Path tenant = file("alice.yaml", "password: alice-new\npool: cache\ndb: 1\nread-only: true\n");

        assertEquals(0, zk("set-tenant", "alice", "--file", tenant.toString()), err);

        assertEquals("updated " + fleet.root() + "/tenants/alice\n", out);
        assertEquals(before.withTenant("alice", Map.of("password", "alice-new", "pool", "cache", "db", 1,
                "read-only", true)), fleet.entries());
    }

    @Test
    void anInvalidFileIsRejectedAndNothingWritten() throws Exception {
        ConfigEntries before = fleet.entries();
        Path file = file("bad.yaml", config("""
                  alice: {password: alice-secret, pool: cache, db: 1}
                  bob: {password: bob-secret, pool: nowhere, db: 2}
                """));

        assertEquals(2, zk("push", "--config", file.toString()));

        assertTrue(err.contains("invalid config; ZooKeeper left unchanged"), err);
        assertTrue(err.contains("tenants.bob.pool: no redis pool named 'nowhere'"), err);
        assertEquals(before, fleet.entries());
    }

    @Test
    void aTenantThatWouldBreakTheConfigIsRejectedAndNothingWritten() throws Exception {
        zk("set-tenant", "alice", "--file", file("alice.yaml", "{password: a, pool: cache, db: 1}").toString());
        ConfigEntries before = fleet.entries();
        Path clash = file("bob.yaml", "{password: a, pool: cache, db: 2}");

        assertEquals(2, zk("set-tenant", "bob", "--file", clash.toString()));

        assertTrue(err.contains("tenants.bob.password: same password as tenant 'alice'"), err);
        assertEquals(before, fleet.entries());
    }

    @Test
    void badUsageExitsWithTwoAndSaysWhy() {
        assertEquals(2, zk("push", "--zk", "127.0.0.1:1", "--root", "/x"));
        assertTrue(err.startsWith("rkproxy zk: --config is required\nusage:"), err);
        assertEquals(2, zk("fetch"));
        assertTrue(err.startsWith("rkproxy zk: unknown command fetch\n"), err);
        assertEquals(2, zk("pull", "--out"));
        assertTrue(err.startsWith("rkproxy zk: --out needs a value\n"), err);
        assertEquals(2, zk("set-tenant", "--file", "t.yaml"));
        assertTrue(err.startsWith("rkproxy zk: expected NAME, got nothing\n"), err);
        assertEquals(2, zk("pull", "--zk", "127.0.0.1:1", "--root", "relative"));
        assertTrue(err.startsWith("rkproxy zk: --root must be an absolute znode path"), err);
        assertEquals(2, zk());
    }
}
