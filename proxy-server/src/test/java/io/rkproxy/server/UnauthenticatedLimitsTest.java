package io.rkproxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rkproxy.core.runtime.PreAuthBuffers;
import io.rkproxy.core.runtime.UnauthenticatedConnections.Cap;
import io.rkproxy.core.runtime.UnauthenticatedConnections;
import io.rkproxy.testkit.RespSocket;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Unknown peers get only so many connections and so much memory, on the whole node and per address, and a tenant
 * keeps working however many of them there are.
 */
class UnauthenticatedLimitsTest {

    private static final String ALICE = "alice: {password: alice-secret, pool: cache, db: 1}";
    private static final String NOAUTH = "-NOAUTH Authentication required.";
    private static final String INPUT_TOO_LONG = "-ERR Protocol error: unauthenticated input too long";
    private static final String NODE_FULL = "-ERR max number of unauthenticated clients reached";
    private static final String ADDRESS_FULL = "-ERR max number of unauthenticated clients from this address reached";

    @RegisterExtension
    static final ProxyExtension proxy = new ProxyExtension(ALICE);

    /** Another proxy on the same backend, with these lines in its {@code server:} section. */
    private static RunningProxy start(String serverKeys) {
        return RunningProxy.start(RunningProxy.config(proxy.redis().address(), ALICE)
                .replace("  port: ${port}", "  port: ${port}\n" + serverKeys.indent(2).stripTrailing()));
    }

    /** A command from the report: ten arguments of up to 16 KB, all within Redis's pre-auth limits, never ended. */
    private static String partialCommandOfTheReport() {
        StringBuilder sb = new StringBuilder("*10\r\n");
        for (int i = 0; i < 9; i++) {
            sb.append("$16000\r\n").append("x".repeat(16000)).append("\r\n");
        }
        return sb.append("$16000\r\n").toString();
    }

    @Test
    void aPartialCommandPastTheInputBoundGetsAnErrorAndIsClosed() {
        try (RespSocket c = new RespSocket(proxy.port())) {
            c.sendRaw("*2\r\n$4\r\nAUTH\r\n$10000\r\n");
            assertEquals(INPUT_TOO_LONG, c.read(), "a 10000-byte password is refused before it is buffered");
            assertTrue(closedByServer(c));
        }
    }

    @Test
    void aConnectionMaySendOnlySoMuchBeforeItAuthenticates() {
        int pings = 4096 / "PING\r\n".length();
        try (RespSocket c = new RespSocket(proxy.port())) {
            c.sendRaw("PING\r\n".repeat(pings + 1));
            for (int i = 0; i < pings; i++) {
                assertEquals(NOAUTH, c.read());
            }
            assertEquals(INPUT_TOO_LONG, c.read(), "the command that crosses max-unauthenticated-input-bytes");
            assertTrue(closedByServer(c));
        }
        try (RespSocket c = proxy.login("alice-secret")) {
            c.sendRaw("PING\r\n".repeat(pings + 1));
            for (int i = 0; i <= pings; i++) {
                assertEquals("+PONG", c.read(), "no bound once authenticated");
            }
        }
    }

    @Test
    void theCapsRefuseExtraUnauthenticatedConnectionsAtOnceAndAuthenticatedOnesDoNotCount() {
        try (RunningProxy node = start("""
                max-unauthenticated-connections: 6
                max-unauthenticated-connections-per-address: 3
                """); Jedis alice = new Jedis("127.0.0.1", node.port())) {
            alice.auth("alice-secret");
            UnauthenticatedConnections unauthenticated = node.server().runtime().unauthenticated();
            List<RespSocket> idle = new ArrayList<>();
            try {
                for (String address : List.of("127.0.0.1", "127.0.0.2")) {
                    for (int i = 0; i < 3; i++) {
                        idle.add(admitted(node, address));
                    }
                }
                refused(node, "127.0.0.1", ADDRESS_FULL);
                refused(node, "127.0.0.3", NODE_FULL);
                assertEquals(6, unauthenticated.count());
                assertEquals(1, unauthenticated.refused(Cap.ADDRESS));
                assertEquals(1, unauthenticated.refused(Cap.NODE));
                alice.set("k", "v");
                assertEquals("v", alice.get("k"), "a tenant's connection works while the caps are reached");

                assertEquals("+OK", idle.get(0).call("AUTH", "alice-secret"));
                assertEquals(5, unauthenticated.count(), "an authenticated connection gives its place back");
                idle.add(admitted(node, "127.0.0.1"));
                refused(node, "127.0.0.3", NODE_FULL);
                assertEquals("v", idle.get(0).call("GET", "k"));
            } finally {
                idle.forEach(RespSocket::close);
            }
            Eventually.until(() -> unauthenticated.count() == 0, "closed connections give their places back");
            idle.clear();
            for (int i = 0; i < 3; i++) {
                idle.add(admitted(node, "127.0.0.1"));
            }
            idle.forEach(RespSocket::close);
        }
    }

    /** A connection the proxy keeps: it answers NOAUTH. */
    private static RespSocket admitted(RunningProxy node, String from) {
        RespSocket c = new RespSocket(node.port(), from);
        assertEquals(NOAUTH, c.call("PING"), "connection from " + from);
        return c;
    }

    private static void refused(RunningProxy node, String from, String error) {
        try (RespSocket c = new RespSocket(node.port(), from)) {
            assertEquals(error, c.read(), "connection from " + from);
            assertTrue(closedByServer(c));
        }
    }

    @Test
    void aConnectionWhoseInputDoesNotFitTheNodesBufferBudgetIsClosed() {
        int budget = 64 * 1024;
        try (RunningProxy node = start("max-unauthenticated-buffer-bytes: " + budget);
             Jedis alice = new Jedis("127.0.0.1", node.port())) {
            alice.auth("alice-secret");
            PreAuthBuffers buffers = node.server().runtime().preAuthBuffers();
            String partial = "*2\r\n$4\r\nAUTH\r\n$3000\r\n" + "p".repeat(2000);
            List<RespSocket> kept = new ArrayList<>();
            List<RespSocket> closed = new ArrayList<>();
            try {
                for (int i = 0; i < 2 * budget / partial.length(); i++) {
                    long heldBefore = buffers.held();
                    long closedBefore = buffers.closed();
                    RespSocket c = new RespSocket(node.port());
                    c.sendRaw(partial);
                    Eventually.until(() -> buffers.held() > heldBefore || buffers.closed() > closedBefore,
                            "the proxy has the input of connection " + i);
                    (buffers.closed() > closedBefore ? closed : kept).add(c);
                    assertTrue(buffers.held() <= budget, buffers.held() + " bytes held");
                }
                assertTrue(!kept.isEmpty() && !closed.isEmpty(), kept.size() + " kept, " + closed.size() + " closed");
                for (RespSocket c : closed) {
                    assertEquals("-" + PreAuthBuffers.FULL, c.read());
                    assertTrue(closedByServer(c));
                }
                assertEquals(kept.size(), node.server().runtime().unauthenticated().count());
                assertEquals("PONG", alice.ping());
            } finally {
                kept.forEach(RespSocket::close);
                closed.forEach(RespSocket::close);
            }
            Eventually.until(() -> buffers.held() == 0, "closed connections give their bytes back");
        }
    }

    /** Reads to the end: true when the server closed the connection, false when it is still open. */
    private static boolean closedByServer(RespSocket c) {
        try {
            while (c.input().read() >= 0) {
                // what the server sent before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void aFloodOfPartialCommandsIsCutOffWhileATenantsGetsGoOnWorking() throws Exception {
        int flood = 300;
        try (RunningProxy node = start("auth-timeout-ms: 60000");
             Jedis alice = new Jedis("127.0.0.1", node.port())) {
            alice.auth("alice-secret");
            alice.set("k", "v");
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicInteger gets = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(17);
            try {
                Future<?> tenant = pool.submit(() -> {
                    while (flooding.get()) {
                        assertEquals("v", alice.get("k"));
                        gets.incrementAndGet();
                    }
                });
                List<Future<Boolean>> attackers = new ArrayList<>();
                byte[] partial = partialCommandOfTheReport().getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < flood; i++) {
                    attackers.add(pool.submit(() -> {
                        try (RespSocket c = new RespSocket(node.port())) {
                            try {
                                c.output().write(partial);
                            } catch (IOException e) {
                                // closed by the proxy while we were still writing
                            }
                            return closedByServer(c);
                        }
                    }));
                }
                try (RespSocket other = new RespSocket(node.port(), "127.0.0.9")) {
                    assertEquals("+OK", other.call("AUTH", "alice-secret"), "a login during the flood");
                    assertEquals("v", other.call("GET", "k"));
                }
                for (Future<Boolean> attacker : attackers) {
                    assertTrue(attacker.get(30, TimeUnit.SECONDS), "the proxy closed the connection");
                }
                flooding.set(false);
                tenant.get(10, TimeUnit.SECONDS);
                assertTrue(gets.get() > 0);
            } finally {
                flooding.set(false);
                pool.shutdownNow();
            }
            Eventually.until(() -> node.server().runtime().unauthenticated().count() == 0
                    && node.server().runtime().preAuthBuffers().held() == 0, "nothing of the flood is left");
        }
    }
}
