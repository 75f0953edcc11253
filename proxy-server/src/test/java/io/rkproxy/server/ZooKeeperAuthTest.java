package io.rkproxy.server;

import static io.rkproxy.server.ZooKeeperFleet.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.config.ConfigException;
import io.rkproxy.testkit.RespSocket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code zk} tool and rkproxy nodes authenticated to a real ZooKeeper with a digest: what they write carries the
 * ACL of their user, a hashed tenant password in a znode authenticates with the plain one.
 */
class ZooKeeperAuthTest {

    private static final String NODE_AUTH = """
                auth:
                  user: rk
                  password-file: "%s"
            """;
    @RegisterExtension
    static final ZooKeeperFleet fleet = ZooKeeperFleet.perClass();

    @TempDir
    Path dir;
    private Path toolAuth;
    private String err;

    @BeforeEach
    void freshRoot() throws Exception {
        fleet.newRoot();
        toolAuth = Files.writeString(dir.resolve("zk-auth"), "rk:rk-secret\n");
    }

    @AfterEach
    void stopNodes() {
        fleet.stopNodes();
    }

    /** {@code rkproxy zk ARGS} against the fleet's root, authenticated as {@code rk} unless {@code anonymous}. */
    private int tool(boolean anonymous, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--zk", fleet.zookeeper().getConnectString(), "--root", fleet.root()));
        if (!anonymous) {
            all.addAll(List.of("--zk-auth-file", toolAuth.toString()));
        }
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = ZkTool.run(all.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        err = stderr.toString(StandardCharsets.UTF_8);
        return exit;
    }

    private Path nodePasswordFile(String password) throws Exception {
        return Files.writeString(dir.resolve("node-password"), password + "\n");
    }

    /** The documented way to hash a tenant's password, run as an operator would. */
    private static String shellSha256(String password) throws Exception {
        Process sh = new ProcessBuilder("sh", "-c", "printf %s '" + password + "' | sha256sum | cut -d' ' -f1")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String hex = new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertTrue(sh.waitFor(10, TimeUnit.SECONDS) && sh.exitValue() == 0, "sha256sum failed");
        return hex;
    }

    @Test
    void theToolWritesTenantZnodesThatOnlyItsUserMayRead() throws Exception {
        Path tenant = Files.writeString(dir.resolve("alice.yaml"), "{password: alice-secret, pool: cache, db: 1}");

        assertEquals(0, tool(false, "set-tenant", "alice", "--file", tenant.toString()), err);

        assertThrows(KeeperException.NoAuthException.class, () -> fleet.get("tenants", "alice"));
        assertEquals(1, tool(true, "pull"));
        assertEquals("rkproxy zk: KeeperErrorCode = NoAuth for " + fleet.root() + "/tenants\n", err);
        assertEquals(0, tool(false, "pull"), err);
    }

    @Test
    void anAuthFileThatIsMissingOrNotUserColonPasswordStopsTheToolWithNothingWritten() throws Exception {
        Path tenant = Files.writeString(dir.resolve("alice.yaml"), "{password: alice-secret, pool: cache, db: 1}");
        Path missing = dir.resolve("missing");

        toolAuth = missing;
        assertEquals(2, tool(false, "set-tenant", "alice", "--file", tenant.toString()));
        assertTrue(err.contains("cannot read " + missing + ": no such file"), err);
        toolAuth = Files.writeString(dir.resolve("password-only"), "rk-secret\n");
        assertEquals(2, tool(false, "set-tenant", "alice", "--file", tenant.toString()));
        assertTrue(err.contains(toolAuth + ": must hold user:password"), err);
        assertEquals(0, fleet.entries().tenants().size());
    }

    @Test
    void aHashedPasswordSetByTheToolAuthenticatesWithThePlainOneOnANodeWithTheDigest() throws Exception {
        Path tenant = Files.writeString(dir.resolve("alice.yaml"),
                "{password-sha256: " + shellSha256("alice-secret") + ", pool: cache, db: 1}");
        assertEquals(0, tool(false, "set-tenant", "alice", "--file", tenant.toString()), err);

        ProxyServer node = fleet.startNode(NODE_AUTH.formatted(nodePasswordFile("rk-secret")));

        try (RespSocket alice = login(node, "alice-secret")) {
            assertEquals("+OK", alice.call("SET", "k", "v"));
            assertEquals("v", alice.call("GET", "k"));
        }
        try (RespSocket stranger = new RespSocket(node.port())) {
            assertTrue(stranger.call("AUTH", shellSha256("alice-secret")).startsWith("-WRONGPASS"),
                    "the hash itself is no password");
        }
    }

    @Test
    void aNodeWithTheWrongZooKeeperPasswordDoesNotStartAndSaysWhy() throws Exception {
        Path tenant = Files.writeString(dir.resolve("alice.yaml"), "{password: alice-secret, pool: cache, db: 1}");
        assertEquals(0, tool(false, "set-tenant", "alice", "--file", tenant.toString()), err);
        String zookeeperKeys = NODE_AUTH.formatted(nodePasswordFile("not-rk-secret"));

        long started = System.nanoTime();
        ConfigException e = assertThrows(ConfigException.class, () -> fleet.startNode(zookeeperKeys));

        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println("wrong ZooKeeper password: " + e.getMessage() + " (" + elapsedMs + " ms)");
        assertTrue(e.getMessage().endsWith(": ZooKeeper refuses digest user 'rk' access to " + fleet.root()
                + "/tenants (NoAuth): check config.zookeeper.auth against the ACL of the znodes"), e.getMessage());
        assertTrue(elapsedMs < 15_000, "refused in " + elapsedMs + " ms, within the session timeout");
    }
}
