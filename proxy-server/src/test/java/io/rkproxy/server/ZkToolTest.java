package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.ConfigLoader;
import io.rkproxy.zookeeper.ConfigEntries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rkproxy zk push|diff|pull|set-tenant|delete-tenant} against a real ZooKeeper: what each writes and that
 * none of them loses a change made meanwhile or stops at a broken znode.
 */
class ZkToolTest {

    @RegisterExtension
    static final ZooKeeperFleet fleet = ZooKeeperFleet.perClass();

    @TempDir
    Path dir;
    private String out;
    private String err;

    @BeforeEach
    void freshRoot() throws Exception {
        fleet.newRoot();
    }

    private String config(String tenants) {
        return """
                server:
                  port: 6380
                pools:
                  cache: {type: redis, nodes: ["%s"], connect-timeout-ms: 500, response-timeout-ms: 1000,
                          max-reconnect-backoff-ms: 200}
                tenants:
                """.formatted(fleet.redis().address()) + tenants;
    }

    /** The config with tenants alice and bob, pushed; its file, which records the base. */
    private Path pushAliceAndBob() throws Exception {
        Path file = file("rkproxy.yaml", config("""
                  alice: {password: alice-secret, pool: cache, db: 1}
                  bob: {password: bob-secret, pool: cache, db: 2}
                """));
        assertEquals(0, zk("push", "--config", file.toString()), err);
        return file;
    }

    private Path tenantFile(String name, String yaml) throws Exception {
        return file(name + ".yaml", yaml);
    }

    private static void edit(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertTrue(text.contains(from), text);
        Files.writeString(file, text.replace(from, to));
    }

    private String tenant(String name) {
        return fleet.root() + "/tenants/" + name;
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
        assertTrue(out.startsWith("# zk-base: " + fleet.root() + " pools/cache="), out);
        assertEquals(entriesOf(config), entriesOf(out));
        assertEquals(0, zk("pull", "--out", dir.resolve("pulled.yaml").toString()), err);
        assertEquals(entriesOf(config), entriesOf(Files.readString(dir.resolve("pulled.yaml"))));
    }

    @Test
    void pushDeletesWhatTheFileNoLongerHasAndRepeatedChangesNothing() throws Exception {
        Path file = pushAliceAndBob();
        edit(file, "  bob: {password: bob-secret, pool: cache, db: 2}\n", "");

        assertEquals(0, zk("push", "--config", file.toString()), err);
        assertEquals("deleted " + tenant("bob") + "\nrecorded the new base in " + file + "\n", out);
        assertEquals(0, zk("push", "--config", file.toString()), err);
        assertEquals("nothing to change\n", out);
    }

    @Test
    void setTenantChangesOneTenantAndListsTheKeysItChanged() throws Exception {
        pushAliceAndBob();
        ConfigEntries before = fleet.entries();
        Path tenant = file("alice.yaml", "password: alice-new\npool: cache\ndb: 1\nread-only: true\n");

        assertEquals(0, zk("set-tenant", "alice", "--file", tenant.toString()), err);

        assertEquals("updated " + tenant("alice") + "\n  password: *** -> ***\n  read-only: (none) -> true\n", out);
        assertEquals(before.withTenant("alice", Map.of("password", "alice-new", "pool", "cache", "db", 1,
                "read-only", true)), fleet.entries());
    }

    @Test
    void setTenantFromAFileWithOnlyTheNewPasswordsShowsTheKeysItDropped() throws Exception {
        Path file = file("rkproxy.yaml", config("""
                  alice: {password: alice-secret, pool: cache, db: 1, max-connections: 50}
                """));
        assertEquals(0, zk("push", "--config", file.toString()), err);

        assertEquals(0, zk("set-tenant", "alice", "--file", tenantFile("alice",
                "{passwords: [alice-new, alice-secret], pool: cache, db: 1}").toString()), err);

        assertEquals("updated " + tenant("alice") + "\n  password: *** -> (none)\n  max-connections: 50 -> (none)\n"
                + "  passwords: (none) -> ***\n", out);
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
        assertEquals(2, zk("delete-tenant", "a", "b"));
        assertTrue(err.startsWith("rkproxy zk: expected NAME, got a b\n"), err);
        assertEquals(2, zk());
    }

    @Test
    void pushRefusesToRevertATenantChangedSinceThePull() throws Exception {
        pushAliceAndBob();
        assertEquals(0, zk("pull"), err);
        Path pulled = file("pulled.yaml", out);
        assertEquals(0, zk("set-tenant", "alice", "--file", tenantFile("alice", "{password: rotated, pool: cache, "
                + "db: 1}").toString()), err);
        ConfigEntries rotated = fleet.entries();
        edit(pulled, "bob-secret", "bob-new");

        assertEquals(2, zk("push", "--config", pulled.toString()));

        assertEquals("rkproxy zk: push refused; ZooKeeper left unchanged. In ZooKeeper since " + pulled
                + " was pulled or last pushed:\n  " + tenant("alice") + " changed: push would overwrite it\n"
                + "Pull again and redo the edit (zk diff shows what a push would change), or push --force to "
                + "overwrite.\n", err);
        assertEquals(rotated, fleet.entries());
        assertEquals(3, zk("diff", "--config", pulled.toString()));
        assertEquals("changed tenant alice\n  password: *** -> ***\nchanged tenant bob\n  password: *** -> ***\n",
                out);
        assertTrue(err.startsWith("rkproxy zk: a push of this file would be refused without --force. "), err);
    }

    @Test
    void pushNamesEachZnodeChangedCreatedOrDeletedSinceTheFilesBase() throws Exception {
        pushAliceAndBob();
        Path pulled = dir.resolve("pulled.yaml");
        assertEquals(0, zk("pull", "--out", pulled.toString()), err);
        zk("set-tenant", "alice", "--file", tenantFile("alice", "{password: a2, pool: cache, db: 1}").toString());
        zk("set-tenant", "carol", "--file", tenantFile("carol", "{password: c, pool: cache, db: 3}").toString());
        assertEquals(0, zk("delete-tenant", "bob"), err);
        ConfigEntries now = fleet.entries();

        assertEquals(2, zk("push", "--config", pulled.toString()));

        assertTrue(err.contains(":\n  " + tenant("alice") + " changed: push would overwrite it\n  " + tenant("bob")
                + " deleted: push would create it again\n  " + tenant("carol") + " created: push would delete it\n"),
                err);
        assertEquals(now, fleet.entries());
    }

    @Test
    void pushWithForceOverwrites() throws Exception {
        Path file = pushAliceAndBob();
        zk("set-tenant", "alice", "--file", tenantFile("alice", "{password: rotated, pool: cache, db: 1}").toString());
        assertEquals(2, zk("push", "--config", file.toString()));

        assertEquals(0, zk("push", "--config", file.toString(), "--force"), err);

        assertEquals("updated " + tenant("alice") + "\n", out, "ZooKeeper is back at the file's base");
        assertEquals(entriesOf(Files.readString(file)), fleet.entries());
        assertEquals(0, zk("push", "--config", file.toString()), err);
        assertEquals("nothing to change\n", out);
    }

    @Test
    void pushAfterPushNeedsNoForce() throws Exception {
        pushAliceAndBob();
        Path file = dir.resolve("pulled.yaml");
        assertEquals(0, zk("pull", "--out", file.toString()), err);
        String pulled = Files.readString(file);
        String body = pulled.substring(pulled.indexOf('\n') + 1);

        edit(file, "bob-secret", "bob-2");
        assertEquals(0, zk("push", "--config", file.toString()), err);
        assertEquals("updated " + tenant("bob") + "\nrecorded the new base in " + file + "\n", out);
        String pushed = Files.readString(file);
        assertEquals(body.replace("bob-secret", "bob-2"), pushed.substring(pushed.indexOf('\n') + 1),
                "only the header line is rewritten");
        assertTrue(pushed.startsWith("# zk-base: ") && !pushed.startsWith(pulled.substring(0,
                pulled.indexOf('\n') + 1)), pushed);
        edit(file, "bob-2", "bob-3");
        assertEquals(0, zk("push", "--config", file.toString()), err);

        assertEquals("bob-3", ((Map<?, ?>) fleet.entries().tenants().get("bob")).get("password"));
        assertEquals(0, zk("diff", "--config", file.toString()), err);
        assertEquals("", out);
    }

    @Test
    void pullWritesANewFileOnlyItsOwnerMayRead() throws Exception {
        pushAliceAndBob();
        Path file = dir.resolve("pulled.yaml");

        assertEquals(0, zk("pull", "--out", file.toString()), err);

        assertTrue(Files.readString(file).contains("alice-secret"), "it holds the passwords");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    /** As below, a pool that never answers holds the push in validation while the file is saved again. */
    @Test
    void aFileSavedDuringThePushKeepsTheSaveAndItsHeaderIsNotRewritten() throws Exception {
        Path file = pushAliceAndBob();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            silent.setSoTimeout(20_000);
            edit(file, "tenants:\n", """
                      slow: {type: redis, nodes: ["127.0.0.1:%d"], connect-timeout-ms: 1000, response-timeout-ms: 20000}
                    tenants:
                      carol: {password: carol-secret, pool: slow, db: 1}
                    """.formatted(silent.getLocalPort()));
            String pushing = Files.readString(file);
            CompletableFuture<Integer> push = CompletableFuture.supplyAsync(() -> zk("push", "--config",
                    file.toString()));
            try (Socket probe = silent.accept()) {
                edit(file, "alice-secret", "alice-2");
            }

            assertEquals(1, push.get(30, TimeUnit.SECONDS), err);
            assertTrue(err.contains("pushed, but cannot record the new base in " + file) && err.contains(
                    "it changed since the push read it; the header was not updated"), err);
            assertEquals(pushing.replace("alice-secret", "alice-2"), Files.readString(file), "the save is kept");
        }
        assertEquals("carol-secret", ((Map<?, ?>) fleet.entries().tenants().get("carol")).get("password"));
    }

    @Test
    void aFileWithoutABaseMayOnlyAddToWhatIsThere() throws Exception {
        Path adds = pushAliceAndBob();
        assertTrue(Files.readString(adds).startsWith("# zk-base: "), "the push recorded the base");
        ConfigEntries before = fleet.entries();
        Path changes = file("other.yaml", config("  alice: {password: alice-2, pool: cache, db: 1}\n"));

        assertEquals(2, zk("push", "--config", changes.toString()));

        assertTrue(err.contains(changes + " has no '# zk-base:' line for " + fleet.root() + ", so it may only add "
                + "to what is there:\n  " + tenant("alice") + " exists: push would overwrite it\n  " + tenant("bob")
                + " exists: push would delete it\n"), err);
        Files.writeString(changes, Files.readString(adds).replace(fleet.root() + " ", "/elsewhere ")
                .replace("alice-secret", "alice-2"));
        assertEquals(2, zk("push", "--config", changes.toString()));
        assertTrue(err.contains("(its base is /elsewhere)"), err);
        assertEquals(before, fleet.entries());
    }

    @Test
    void diffShowsAChangedTenantWithPasswordsMasked() throws Exception {
        pushAliceAndBob();
        Path file = dir.resolve("pulled.yaml");
        zk("pull", "--out", file.toString());
        edit(file, "password: alice-secret\n    pool: cache\n    db: 1\n",
                "password: alice-new\n    pool: cache\n    db: 5\n    read-only: true\n");
        edit(file, "  bob:\n    password: bob-secret\n    pool: cache\n    db: 2\n",
                "  carol:\n    password-sha256: %s\n    pool: cache\n    db: 3\n".formatted("ab".repeat(32)));

        assertEquals(3, zk("diff", "--config", file.toString()));

        assertEquals("""
                changed tenant alice
                  password: *** -> ***
                  db: 1 -> 5
                  read-only: (none) -> true
                removed tenant bob
                added tenant carol
                """, out);
        assertEquals("", err);
        assertEquals(0, zk("push", "--config", file.toString()), err);
        assertEquals(0, zk("diff", "--config", file.toString()), err);
        assertEquals("", out);
    }

    @Test
    void setTenantRepairsABrokenZnode() throws Exception {
        pushAliceAndBob();
        fleet.put("tenants", "bob", "pool: {cache");

        assertEquals(0, zk("set-tenant", "bob", "--file", tenantFile("bob", "{password: b, pool: cache, db: 2}")
                .toString()), err);

        assertEquals("updated " + tenant("bob") + "\n", out);
        assertEquals(Map.of("password", "b", "pool", "cache", "db", 2), fleet.entries().tenants().get("bob"));
    }

    @Test
    void deleteTenantRemovesABrokenZnode() throws Exception {
        pushAliceAndBob();
        fleet.put("tenants", "bob", "just words");

        assertEquals(0, zk("delete-tenant", "bob"), err);

        assertEquals("deleted " + tenant("bob") + "\n", out);
        assertEquals(Set.of("alice"), fleet.entries().tenants().keySet());
    }

    @Test
    void deleteTenantDeletesOneTenantAndNamesOneThatIsNotThere() throws Exception {
        pushAliceAndBob();

        assertEquals(0, zk("delete-tenant", "alice"), err);

        assertEquals("deleted " + tenant("alice") + "\n", out);
        assertEquals(Set.of("bob"), fleet.entries().tenants().keySet());
        assertEquals(2, zk("delete-tenant", "alice"));
        assertTrue(err.startsWith("rkproxy zk: no tenant alice in zookeeper "), err);
    }

    @Test
    void changingAnotherTenantBesideABrokenZnodeIsRefusedNamingIt() throws Exception {
        pushAliceAndBob();
        fleet.put("tenants", "bob", "pool: {cache");
        zk("pull");
        String before = out;

        assertEquals(2, zk("set-tenant", "alice", "--file", tenantFile("alice", "{password: a, pool: cache, db: 1}")
                .toString()));
        assertTrue(err.contains("cannot be validated beside a broken znode"), err);
        assertTrue(err.contains("\n  znode " + tenant("bob") + ": "), err);
        assertEquals(2, zk("delete-tenant", "alice"));
        assertTrue(err.contains("\n  znode " + tenant("bob") + ": "), err);

        zk("pull");
        assertEquals(before, out);
    }

    @Test
    void pullReportsABrokenZnodeAndWritesTheRest() throws Exception {
        pushAliceAndBob();
        fleet.put("tenants", "bob", "pool: {cache");
        Path file = dir.resolve("pulled.yaml");

        assertEquals(4, zk("pull", "--out", file.toString()));

        assertTrue(err.startsWith("rkproxy zk: left out 1 broken znode(s), which no proxy can load until repaired "
                + "(set-tenant or delete-tenant for a tenant, push for a pool):\n  znode " + tenant("bob") + ": "),
                err);
        assertEquals(Set.of("alice"), entriesOf(Files.readString(file)).tenants().keySet());
        assertEquals(1, entriesOf(Files.readString(file)).pools().size());
        assertEquals(2, zk("push", "--config", file.toString()));
        assertTrue(err.contains(tenant("bob") + " is broken (znode " + tenant("bob") + ": "), err);
        assertTrue(err.contains("and the file lacks it: push would delete it; add it to the file, or repair it "
                + "with set-tenant or delete-tenant"), err);
        assertEquals(3, zk("diff", "--config", file.toString()));
        assertEquals("removed tenant bob (a broken znode)\n", out);

        Files.writeString(file, Files.readString(file) + "  bob: {password: b, pool: cache, db: 2}\n");
        assertEquals(3, zk("diff", "--config", file.toString()));
        assertEquals("changed tenant bob (a broken znode)\n", out);
        assertEquals(0, zk("push", "--config", file.toString()), err);
        assertTrue(out.startsWith("updated " + tenant("bob") + "\n"), out);
        assertEquals(0, zk("pull"), err);
    }

    /**
     * The push reads ZooKeeper, then validates the file, probing each pool: a pool on a port that accepts and never
     * answers holds it there while alice, whom the push would update, changes.
     */
    @Test
    void aPushRacingAConcurrentChangeFailsCleanly() throws Exception {
        Path file = pushAliceAndBob();
        ConfigEntries before = fleet.entries();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            silent.setSoTimeout(20_000);
            edit(file, "tenants:\n", """
                      slow: {type: redis, nodes: ["127.0.0.1:%d"], connect-timeout-ms: 1000, response-timeout-ms: 20000}
                    tenants:
                      carol: {password: carol-secret, pool: slow, db: 1}
                    """.formatted(silent.getLocalPort()));
            edit(file, "alice-secret", "alice-2");
            CompletableFuture<Integer> push = CompletableFuture.supplyAsync(() -> zk("push", "--config",
                    file.toString()));
            try (Socket probe = silent.accept()) {
                fleet.put("tenants", "alice", "{password: rotated, pool: cache, db: 1}");
            }

            assertEquals(2, push.get(30, TimeUnit.SECONDS), err);
        }

        assertEquals("rkproxy zk: ZooKeeper changed meanwhile: " + tenant("alice") + " changed or was deleted since "
                + "it was read; nothing was written; run the command again\n", err);
        assertEquals(before.withTenant("alice", Map.of("password", "rotated", "pool", "cache", "db", 1)),
                fleet.entries());
    }
}
