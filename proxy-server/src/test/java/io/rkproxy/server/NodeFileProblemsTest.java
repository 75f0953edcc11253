package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rkproxy.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad node file is fixed in one round: a start reports every problem the file has, each naming the file. */
class NodeFileProblemsTest {

    /** Nothing listens there; a start that got as far as connecting would fail on it after 1 s, not on the file. */
    private static final String NO_ZOOKEEPER = "127.0.0.1:1";

    @TempDir
    Path dir;

    @Test
    void aBadZooKeeperNodeFileReportsEveryProblemInOneRun() throws IOException {
        Path file = write("""
                server:
                  port: 70000
                config:
                  source: zookeeper
                  zookeeper:
                    connect: "%s"
                    root: rkproxy/
                    session-timeout-ms: 1000
                tenants:
                  alice: {password: alice-secret, pool: cache}
                """.formatted(NO_ZOOKEEPER));

        assertEquals(List.of(
                file + ": server.port: 70000 is out of range 0..65535",
                file + ": config.zookeeper.root: must be an absolute znode path without a trailing '/', got 'rkproxy/'",
                file + ": tenants: with config.source: zookeeper, pools and tenants live in ZooKeeper under rkproxy/"),
                problemsOfStarting(file));
    }

    @Test
    void aBadFileSourceNodeFileReportsEveryProblemInOneRun() throws IOException {
        Path file = write("""
                server:
                  port: 70000
                config:
                  debounce-ms: -1
                pools:
                  cache: {type: redis, nodes: ["127.0.0.1:1"]}
                tenants:
                  alice: {password: alice-secret, pool: cache, colour: blue}
                """);

        assertEquals(List.of(
                file + ": server.port: 70000 is out of range 0..65535",
                file + ": config.debounce-ms: -1 is out of range 0..60000",
                file + ": tenants.alice.colour: unknown key"),
                problemsOfStarting(file));
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("node.yaml"), yaml).toAbsolutePath().normalize();
    }

    private static List<String> problemsOfStarting(Path file) {
        return assertThrows(ConfigException.class, () -> ProxyServer.start(file).close()).problems();
    }
}
