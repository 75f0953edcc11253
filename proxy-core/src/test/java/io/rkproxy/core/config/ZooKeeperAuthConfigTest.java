package io.rkproxy.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config.zookeeper.auth} and {@code config.zookeeper.acl}, as a node reads its local file. */
class ZooKeeperAuthConfigTest {

    @TempDir
    Path dir;

    private Path local(String zookeeperKeys) throws Exception {
        return Files.writeString(dir.resolve("rkproxy.yaml"), """
                config:
                  source: zookeeper
                  zookeeper:
                    connect: "127.0.0.1:2181"
                """ + zookeeperKeys.indent(4));
    }

    private SourceConfig read(String zookeeperKeys) throws Exception {
        return NodeFile.read(local(zookeeperKeys)).source();
    }

    private List<String> problems(String zookeeperKeys) throws Exception {
        Path file = local(zookeeperKeys);
        return assertThrows(ConfigException.class, () -> NodeFile.read(file)).problems().stream()
                .map(p -> p.substring(file.toString().length() + 2)).toList();
    }

    @Test
    void withoutAuthTheNodeIsAnonymousAndItsZnodesOpen() throws Exception {
        SourceConfig source = read("");

        assertEquals(Optional.empty(), source.zkAuth());
        assertEquals(ZnodeAcl.OPEN, source.zkAcl());
    }

    @Test
    void aDigestUserMakesCreatorOnlyZnodesUnlessAclSaysOpen() throws Exception {
        SourceConfig source = read("auth: {scheme: digest, user: rk, password: rk-secret}");

        assertEquals(Optional.of(new ZooKeeperAuth("rk", "rk-secret")), source.zkAuth());
        assertEquals(ZnodeAcl.CREATOR, source.zkAcl());
        assertArrayEquals("rk:rk-secret".getBytes(StandardCharsets.UTF_8), source.zkAuth().get().credentials());
        assertEquals(ZnodeAcl.OPEN, read("auth: {user: rk, password: rk-secret}\nacl: open").zkAcl());
    }

    @Test
    void thePasswordMayComeFromAFileWithoutItsLineEnd() throws Exception {
        Path secret = Files.writeString(dir.resolve("zk-password"), "rk-secret\n");

        SourceConfig source = read("auth: {user: rk, password-file: \"" + secret + "\"}");

        assertEquals(Optional.of(new ZooKeeperAuth("rk", "rk-secret")), source.zkAuth());
    }

    @Test
    void thePasswordDoesNotShowWhenTheConfigIsPrinted() throws Exception {
        SourceConfig source = read("auth: {user: rk, password: rk-secret}");

        assertFalse(source.toString().contains("rk-secret"), source::toString);
    }

    @Test
    void everyMistakeInAuthAndAclIsReportedAtOnce() throws Exception {
        assertEquals(List.of(
                "config.zookeeper.auth.colour: unknown key",
                "config.zookeeper.auth.scheme: only 'digest' is supported, got 'sasl' (SASL is set up through the "
                        + "JAAS system properties, not here)",
                "config.zookeeper.auth.user: is required and must not contain ':'",
                "config.zookeeper.auth.password: set password or password-file, not both",
                "config.zookeeper.acl: must be 'creator' or 'open', got 'private'"),
                problems("""
                        auth: {scheme: sasl, password: p, password-file: /nowhere, colour: blue}
                        acl: private"""));
    }

    @Test
    void aPasswordFileMustBeThereAndReadable() throws Exception {
        Path missing = dir.resolve("missing");

        List<String> missingProblems = problems("auth: {user: rk, password-file: \"" + missing + "\"}");
        List<String> directoryProblems = problems("auth: {user: rk, password-file: \"" + dir + "\"}");

        assertEquals(List.of("config.zookeeper.auth.password-file: cannot read " + missing + ": no such file"),
                missingProblems);
        assertEquals(List.of("config.zookeeper.auth.password-file: cannot read " + dir + ": Is a directory"),
                directoryProblems);
    }

    @Test
    void anAuthNeedsAPasswordAndAnEmptyOneIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");

        assertEquals(List.of("config.zookeeper.auth.password: set password or password-file"),
                problems("auth: {user: rk}"));
        assertEquals(List.of("config.zookeeper.auth.password-file: the password must not be empty"),
                problems("auth: {user: rk, password-file: \"" + empty + "\"}"));
    }

    @Test
    void creatorAclNeedsAnAuth() throws Exception {
        assertEquals(List.of("config.zookeeper.acl: 'creator' needs 'auth': a node that does not authenticate has "
                + "no identity to own the znodes"), problems("acl: creator"));
    }

    @Test
    void theToolsAuthFileHoldsUserColonPassword() throws Exception {
        Path file = Files.writeString(dir.resolve("zk-auth"), "rk:pass:with:colons\n");
        Path bad = Files.writeString(dir.resolve("bad"), "no-colon\n");

        assertEquals(new ZooKeeperAuth("rk", "pass:with:colons"), ZooKeeperAuth.fromFile(file));
        assertEquals(List.of(bad + ": must hold user:password"),
                assertThrows(ConfigException.class, () -> ZooKeeperAuth.fromFile(bad)).problems());
    }
}
