package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.testkit.RespSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MONITOR for a tenant of a shared pool: its own commands on this node, in Redis's line format, never another's. */
class TenantMonitorTest {

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(
            "alice: {password: alice-secret, pool: cache, db: 1}",
            "bob: {password: bob-secret, pool: cache, db: 2}");

    @Test
    void monitorStreamsTheTenantsOwnCommandsAsRedisWritesThemAndNoOtherTenants() {
        try (RespSocket monitor = proxy.login("alice-secret"); RespSocket alice = proxy.login("alice-secret");
             RespSocket bob = proxy.login("bob-secret")) {
            assertEquals("+OK", monitor.call("MONITOR"));
            Eventually.until(() -> proxy.runtime().monitors().active(), "the monitor is registered");
            bob.call("SET", "bobs-key", "bobs-value");
            alice.call("SET", "k", "a\"b\n\u0001");
            alice.call("AUTH", "alice-secret");
            alice.call("HELLO", "2", "AUTH", "alice", "alice-secret", "SETNAME", "app");
            alice.call("get", "last");
            List<String> lines = linesUntil(monitor, "\"last\"");
            String address = "\\[0 127\\.0\\.0\\.1:\\d+\\] ";
            String escaped = "\"SET\" \"k\" \"a\\\\\"b\\\\n\\\\x01\"";
            assertTrue(lines.get(0).matches("\\+\\d{10}\\.\\d{6} " + address + escaped), lines.get(0));
            assertTrue(lines.get(1).matches("\\+[\\d.]+ " + address + "\"AUTH\" \"\\(redacted\\)\""), lines.get(1));
            assertTrue(lines.get(2).endsWith(
                    "\"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\" \"SETNAME\" \"app\""), lines.get(2));
            assertTrue(lines.get(3).endsWith("\"get\" \"last\""), lines.get(3));
            assertEquals(4, lines.size(), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("bobs") || l.contains("alice-secret")),
                    lines.toString());
        }
    }

    @Test
    void aMonitoringConnectionTakesOnlyPingQuitAndResetAndResetEndsIt() {
        try (RespSocket monitor = proxy.login("alice-secret"); RespSocket alice = proxy.login("alice-secret")) {
            assertEquals("+OK", monitor.call("MONITOR"));
            assertTrue(alice.call("CLIENT", "LIST").contains("flags=O"), "CLIENT LIST shows the monitor");
            assertEquals("-ERR Can't execute 'get': only PING / QUIT / RESET are allowed while monitoring",
                    monitor.call("GET", "k"));
            assertEquals("+RESET", monitor.call("RESET"));
            alice.call("SET", "after-reset", "v");
            assertEquals("+OK", monitor.call("AUTH", "alice-secret"));
            assertEquals("+PONG", monitor.call("PING"), "no line came after RESET");
            assertEquals("(nil)", monitor.call("GET", "nothing-here"));
        }
        Eventually.until(() -> !proxy.runtime().monitors().active(), "nobody monitors");
    }

    @Test
    void aMegabyteValueMakesAShortLineAndAClientNamedAuthShowsNoPassword() {
        try (RespSocket monitor = proxy.login("alice-secret"); RespSocket alice = proxy.login("alice-secret")) {
            assertEquals("+OK", monitor.call("MONITOR"));
            Eventually.until(() -> proxy.runtime().monitors().active(), "the monitor is registered");
            assertEquals("+OK", alice.call("SET", "big", "v".repeat(1 << 20)));
            alice.call("HELLO", "2", "SETNAME", "auth", "AUTH", "alice", "alice-secret");
            alice.call("GET", "last");
            List<String> lines = linesUntil(monitor, "\"last\"");
            assertTrue(lines.get(0).endsWith("\"SET\" \"big\" \"" + "v".repeat(128) + "... (" + ((1 << 20) - 128)
                    + " more bytes)\""), lines.get(0));
            assertTrue(lines.get(0).length() < 300, "a short line: " + lines.get(0).length());
            assertTrue(lines.get(1).endsWith(
                    "\"HELLO\" \"2\" \"SETNAME\" \"auth\" \"AUTH\" \"(redacted)\" \"(redacted)\""), lines.get(1));
            assertTrue(lines.stream().noneMatch(l -> l.contains("alice-secret")), lines.toString());
        }
    }

    @Test
    void aMonitorThatDoesNotReadIsDroppedBeforeItsBacklogPassesTheBound() throws IOException {
        try (Socket slow = new Socket(); RespSocket alice = proxy.login("alice-secret")) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
            slow.getOutputStream().write((RespSocket.encode("AUTH", "alice-secret") + RespSocket.encode("MONITOR"))
                    .getBytes(StandardCharsets.UTF_8));
            Eventually.until(() -> proxy.runtime().monitors().active(), "the slow monitor is registered");
            // 200 bytes outside ASCII an argument, each shown as \xNN: the longest line there is, some 16 KB
            String[] mset = new String[33];
            mset[0] = "MSET";
            Arrays.fill(mset, 1, mset.length, "\u00e9".repeat(100));
            int sent = 0;
            for (; sent < 4000 && proxy.runtime().monitors().active(); sent++) {
                assertEquals("+OK", alice.call(mset));
            }
            assertFalse(proxy.runtime().monitors().active(), "dropped before 64 MB of lines waited for it");
            assertTrue(sent > 200, "not before 3 MB of lines waited for it: " + sent + " lines");
            assertTrue(endOf(slow.getInputStream()).contains("-ERR MONITOR client dropped: more than 4 MB"));
            assertEquals("+PONG", alice.call("PING"), "the tenant's other sessions go on");
        }
    }

    /** The monitor's lines up to the one that contains {@code marker}. */
    private static List<String> linesUntil(RespSocket monitor, String marker) {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = monitor.read();
            lines.add(line);
        } while (!line.contains(marker));
        return lines;
    }

    /** The last bytes a closed connection sent, read to its end. */
    private static String endOf(InputStream in) throws IOException {
        byte[] tail = new byte[512];
        int length = 0;
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            int keep = Math.min(n, tail.length);
            int shift = Math.min(length, tail.length - keep);
            System.arraycopy(tail, length - shift, tail, 0, shift);
            System.arraycopy(buffer, n - keep, tail, shift, keep);
            length = shift + keep;
        }
        return new String(tail, 0, length, StandardCharsets.US_ASCII);
    }
}
